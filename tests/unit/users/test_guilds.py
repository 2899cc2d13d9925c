import pytest

from application.errors import NotAcceptable, NotFound
from application.use_cases.users.get_my_member import GetMyMember, GetMyMemberHandler
from application.use_cases.users.leave_guild import LeaveGuild, LeaveGuildHandler
from application.use_cases.users.list_my_guilds import ListMyGuilds, ListMyGuildsHandler
from tests.unit.fakes import Fakes
from tests.unit.users.seed import ALICE, BOB, CAROL, add_guild, add_role, add_users

G1, G2, G3 = 101, 102, 103


async def test_my_guilds_are_the_member_ones_with_permissions_zero(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await add_guild(fakes, G2, BOB, ALICE, name="second")
    await add_guild(fakes, G1, ALICE, name="first")
    await add_guild(fakes, G3, BOB, name="not mine")

    guilds = await ListMyGuildsHandler(uow=fakes.uow)(ListMyGuilds(actor_id=ALICE))

    assert [(g.id, g.name, g.owner, g.permissions) for g in guilds] == [
        (G1, "first", ALICE, 0),
        (G2, "second", BOB, 0),
    ]


async def test_no_guilds_is_an_empty_list(fakes: Fakes) -> None:
    assert await ListMyGuildsHandler(uow=fakes.uow)(ListMyGuilds(actor_id=ALICE)) == []


async def test_my_member_carries_the_user_and_role_ids(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await add_guild(fakes, G1, BOB, ALICE)
    await add_role(fakes, 902, G1, ALICE)
    await add_role(fakes, 901, G1, ALICE, BOB)

    member = await GetMyMemberHandler(uow=fakes.uow)(GetMyMember(actor_id=ALICE, guild_id=G1))

    assert (member.user.id, member.user.discriminator) == (ALICE, "alice")
    assert member.roles == [901, 902]
    assert (member.username, member.avatar) == (None, None)
    assert member.join_at == "1970-01-01T00:00:01Z"


@pytest.mark.parametrize("guild_id", [G1, G2])
async def test_my_member_elsewhere_is_404(fakes: Fakes, guild_id: int) -> None:
    await add_users(fakes, ALICE, BOB)
    await add_guild(fakes, G1, BOB)

    with pytest.raises(NotFound, match=r"^unable to get member$"):
        await GetMyMemberHandler(uow=fakes.uow)(GetMyMember(actor_id=ALICE, guild_id=guild_id))


def leave(fakes: Fakes) -> LeaveGuildHandler:
    return LeaveGuildHandler(uow=fakes.uow, events=fakes.events)


async def test_leaving_drops_membership_and_roles_and_tells_the_guild(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL)
    await add_guild(fakes, G1, BOB, ALICE, CAROL)
    await add_role(fakes, 901, G1, ALICE, CAROL)

    await leave(fakes)(LeaveGuild(actor_id=ALICE, guild_id=G1))

    db = fakes.uow.db
    assert (G1, ALICE) not in db.members
    assert (G1, ALICE) not in db.member_roles
    assert (G1, CAROL) in db.members
    assert db.member_roles[G1, CAROL] == {901}
    assert fakes.events.subjects() == [f"guild.{G1}"]
    assert fakes.events.frames() == [{"op": 0, "t": 202, "d": {"guild_id": G1, "user_id": ALICE}}]


async def test_the_owner_cannot_leave(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)
    await add_guild(fakes, G1, ALICE)

    with pytest.raises(NotAcceptable, match=r"^unable to leave own guild$"):
        await leave(fakes)(LeaveGuild(actor_id=ALICE, guild_id=G1))

    assert (G1, ALICE) in fakes.uow.db.members
    assert fakes.events.published == []


async def test_leaving_an_unknown_guild_is_404(fakes: Fakes) -> None:
    with pytest.raises(NotFound, match=r"^unable to get guild by id$"):
        await leave(fakes)(LeaveGuild(actor_id=ALICE, guild_id=G1))

    assert fakes.events.published == []


async def test_leaving_a_guild_you_are_not_in_is_404_and_announces_nothing(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await add_guild(fakes, G1, BOB)

    with pytest.raises(NotFound, match=r"^unable to get guild by id$"):
        await leave(fakes)(LeaveGuild(actor_id=ALICE, guild_id=G1))

    assert set(fakes.uow.db.members) == {(G1, BOB)}
    assert fakes.events.published == []
