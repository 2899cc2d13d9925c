import pytest

from application.errors import NotAcceptable, NotFound, Unauthorized
from application.use_cases.members.list_bans import ListBans, ListBansHandler
from application.use_cases.members.list_members import ListMembers, ListMembersHandler
from domain.members import Ban, Member
from domain.permissions import Permission
from tests.unit.fakes import Fakes
from tests.unit.members.world import (
    ADMIN,
    MEMBER,
    MODERATOR,
    OUTSIDER,
    OWNER,
    TARGET,
    World,
    refused,
)

GHOST = 999
"""A user id with a membership or ban but no user row."""

# -- members (row 40) ------------------------------------------------------------------------


async def test_members_are_listed_by_user_id_with_users_and_roles(
    fakes: Fakes, world: World
) -> None:
    async with fakes.uow.write() as tx:
        await tx.members.add(
            Member(
                guild_id=world.guild_id,
                user_id=GHOST,
                nickname="boo",
                avatar=77,
                joined_at_ms=1_700_000_000_500,
            )
        )
    listed = await ListMembersHandler(uow=fakes.uow)(
        ListMembers(actor_id=MEMBER, guild_id=world.guild_id)
    )
    assert [m.user.id for m in listed] == [OWNER, MODERATOR, MEMBER, TARGET, ADMIN, GHOST]
    moderator = listed[1]
    assert (moderator.user.name, moderator.user.discriminator) == ("user-102", "u102")
    assert moderator.roles == [world.mod_role_id]
    assert moderator.join_at == "2023-11-14T22:13:20Z"
    assert (moderator.username, moderator.avatar) == (None, None)
    ghost = listed[-1]
    assert (ghost.user.name, ghost.user.discriminator) == ("Unknown User", "")
    assert (ghost.username, ghost.avatar, ghost.join_at) == ("boo", 77, "2023-11-14T22:13:20.5Z")
    assert ghost.roles == []


async def test_non_members_may_not_list_members(fakes: Fakes, world: World) -> None:
    query = ListMembers(actor_id=OUTSIDER, guild_id=world.guild_id)
    await refused(
        fakes, ListMembersHandler(uow=fakes.uow)(query), Unauthorized, "permissions required"
    )


async def test_listing_members_of_unknown_guild_is_404(fakes: Fakes, world: World) -> None:
    query = ListMembers(actor_id=OWNER, guild_id=world.guild_id + 999)
    await refused(fakes, ListMembersHandler(uow=fakes.uow)(query), NotFound, "guild not found")


# -- bans (row 41) ---------------------------------------------------------------------------


async def seed_bans(fakes: Fakes, world: World) -> None:
    async with fakes.uow.write() as tx:
        await tx.bans.add(Ban(guild_id=world.guild_id, user_id=GHOST, reason=None))
        await tx.bans.add(Ban(guild_id=world.guild_id, user_id=OUTSIDER, reason="spam"))


@pytest.mark.parametrize("actor", [OWNER, MODERATOR, ADMIN])
async def test_bans_are_listed_with_users(fakes: Fakes, world: World, actor: int) -> None:
    await seed_bans(fakes, world)
    bans = await ListBansHandler(uow=fakes.uow)(ListBans(actor_id=actor, guild_id=world.guild_id))
    assert [(b.user.id, b.user.name, b.reason) for b in bans] == [
        (OUTSIDER, "user-105", "spam"),
        (GHOST, "Unknown User", None),
    ]


async def test_no_bans_is_an_empty_list(fakes: Fakes, world: World) -> None:
    handler = ListBansHandler(uow=fakes.uow)
    assert await handler(ListBans(actor_id=OWNER, guild_id=world.guild_id)) == []


@pytest.mark.parametrize("actor", [MEMBER, OUTSIDER])
async def test_ban_list_needs_ban_members_and_membership(
    fakes: Fakes, world: World, actor: int
) -> None:
    await seed_bans(fakes, world)
    if actor == OUTSIDER:
        await world.set_base(int(Permission.BAN_MEMBERS))
    query = ListBans(actor_id=actor, guild_id=world.guild_id)
    await refused(
        fakes, ListBansHandler(uow=fakes.uow)(query), NotAcceptable, "permissions required"
    )
