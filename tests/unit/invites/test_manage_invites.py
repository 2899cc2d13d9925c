import pytest
from typing_extensions import override

from application.errors import Conflict, NotFound, Unauthorized
from application.ports.id_generator import IdGenerator
from application.use_cases.invites.create_invite import CreateInvite, CreateInviteHandler
from application.use_cases.invites.delete_invite import DeleteInvite, DeleteInviteHandler
from application.use_cases.invites.list_invites import ListInvites, ListInvitesHandler
from domain.errors import ValidationError
from domain.invites import Invite, code_for
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.fakes import Fakes
from tests.unit.members.world import MEMBER, MODERATOR, OUTSIDER, OWNER, World, refused

DAY_MS = 24 * 3600 * 1000
CODE_PERIOD = 36**8
"""Ids this far apart share an invite code (only the last 8 base-36 digits are kept)."""


class ScriptedIds(IdGenerator):
    """Hands out the ids a test chose, to provoke invite code clashes."""

    def __init__(self, ids: list[int]) -> None:
        self._ids = iter(ids)

    @override
    def next_id(self) -> int:
        return next(self._ids)


def creator(fakes: Fakes, ids: IdGenerator | None = None) -> CreateInviteHandler:
    return CreateInviteHandler(uow=fakes.uow, ids=ids or fakes.ids, clock=fakes.clock)


async def seed_invite(
    fakes: Fakes, guild_id: int, invite_id: int, *, created_ms: int, ttl_ms: int = DAY_MS
) -> Invite:
    invite = Invite(
        id=invite_id,
        code=code_for(invite_id),
        guild_id=guild_id,
        author_id=OWNER,
        created_at_ms=created_ms,
        expires_at_ms=created_ms + ttl_ms,
    )
    async with fakes.uow.write() as tx:
        await tx.invites.add(invite)
    return invite


async def without_create_invite(world: World) -> None:
    """Members then hold CreateInvite only through the moderators' role."""
    await world.set_base(DEFAULT_GUILD_PERMISSIONS & ~Permission.CREATE_INVITE)


# -- create (row 68) -------------------------------------------------------------------------


@pytest.mark.parametrize("actor", [OWNER, MODERATOR, MEMBER])
async def test_create_invite_for_seven_days_by_default(
    fakes: Fakes, world: World, actor: int
) -> None:
    invite = await creator(fakes)(CreateInvite(actor_id=actor, guild_id=world.guild_id))
    assert invite.code == code_for(invite.id)
    assert len(invite.code) == 8
    assert (invite.guild_id, invite.author_id) == (world.guild_id, actor)
    assert invite.created_at == "2023-11-14T22:13:20Z"
    assert invite.expires_at == "2023-11-21T22:13:20Z"
    async with fakes.uow.read() as tx:
        listed = await tx.invites.list_active(world.guild_id, fakes.clock.now_ms())
    assert [i.id for i in listed] == [invite.id]
    assert fakes.events.published == []


@pytest.mark.parametrize(
    ("expires_in_sec", "expires_at"),
    [
        (0, "2123-10-21T22:13:20Z"),
        (60, "2023-11-14T22:14:20Z"),
        (2_592_000, "2023-12-14T22:13:20Z"),
    ],
)
async def test_create_invite_with_an_expiry(
    fakes: Fakes, world: World, expires_in_sec: int, expires_at: str
) -> None:
    command = CreateInvite(actor_id=OWNER, guild_id=world.guild_id, expires_in_sec=expires_in_sec)
    assert (await creator(fakes)(command)).expires_at == expires_at


@pytest.mark.parametrize("expires_in_sec", [-1, 59, 2_592_001])
async def test_create_invite_refuses_other_expiries(
    fakes: Fakes, world: World, expires_in_sec: int
) -> None:
    command = CreateInvite(actor_id=OWNER, guild_id=world.guild_id, expires_in_sec=expires_in_sec)
    await refused(
        fakes,
        creator(fakes)(command),
        ValidationError,
        "expires_in_sec: must be 0 or between 60 and 2592000.",
    )


async def test_member_without_create_invite_gets_401(fakes: Fakes, world: World) -> None:
    await without_create_invite(world)
    command = CreateInvite(actor_id=MEMBER, guild_id=world.guild_id)
    await refused(fakes, creator(fakes)(command), Unauthorized, "permissions required")
    assert (await creator(fakes)(CreateInvite(actor_id=MODERATOR, guild_id=world.guild_id))).id


async def test_non_members_may_not_create_invites(fakes: Fakes, world: World) -> None:
    """Spec §17 item 16: the default mask has CreateInvite, which GoChat gave to anyone."""
    command = CreateInvite(actor_id=OUTSIDER, guild_id=world.guild_id, expires_in_sec=5)
    await refused(fakes, creator(fakes)(command), Unauthorized, "permissions required")


async def test_creating_in_unknown_guild_is_404(fakes: Fakes, world: World) -> None:
    command = CreateInvite(actor_id=OWNER, guild_id=world.guild_id + 999)
    await refused(fakes, creator(fakes)(command), NotFound, "guild not found")


async def test_a_code_clash_is_retried_once_with_a_new_id(fakes: Fakes, world: World) -> None:
    first, second = 5_000_000_000_000, 5_000_000_000_001
    await seed_invite(fakes, world.guild_id, first + CODE_PERIOD, created_ms=fakes.clock.now_ms())
    invite = await creator(fakes, ScriptedIds([first, second]))(
        CreateInvite(actor_id=OWNER, guild_id=world.guild_id)
    )
    assert (invite.id, invite.code) == (second, code_for(second))


async def test_a_second_clash_is_a_conflict(fakes: Fakes, world: World) -> None:
    first, second = 5_000_000_000_000, 5_000_000_000_001
    now = fakes.clock.now_ms()
    await seed_invite(fakes, world.guild_id, first + CODE_PERIOD, created_ms=now)
    await seed_invite(fakes, world.guild_id, second + CODE_PERIOD, created_ms=now)
    handler = creator(fakes, ScriptedIds([first, second]))
    command = CreateInvite(actor_id=OWNER, guild_id=world.guild_id)
    await refused(fakes, handler(command), Conflict, "unable to create invite")


# -- list (row 69) ---------------------------------------------------------------------------


async def test_active_invites_are_listed_newest_first(fakes: Fakes, world: World) -> None:
    now = fakes.clock.now_ms()
    old = await seed_invite(fakes, world.guild_id, 7_000_000_001, created_ms=now - 2 * DAY_MS)
    new = await seed_invite(fakes, world.guild_id, 7_000_000_002, created_ms=now - 1000)
    await seed_invite(fakes, world.guild_id, 7_000_000_003, created_ms=now - DAY_MS, ttl_ms=1000)
    await seed_invite(fakes, await world.other_guild(), 7_000_000_004, created_ms=now)
    old_alive = await seed_invite(
        fakes, world.guild_id, 7_000_000_005, created_ms=now - 3 * DAY_MS, ttl_ms=4 * DAY_MS
    )
    listed = await ListInvitesHandler(uow=fakes.uow, clock=fakes.clock)(
        ListInvites(actor_id=MODERATOR, guild_id=world.guild_id)
    )
    assert [i.id for i in listed] == [new.id, old_alive.id]
    assert listed[0].code == new.code
    assert listed[0].created_at == "2023-11-14T22:13:19Z"
    assert old.id not in [i.id for i in listed]


async def test_listing_invites_needs_create_invite_and_membership(
    fakes: Fakes, world: World
) -> None:
    handler = ListInvitesHandler(uow=fakes.uow, clock=fakes.clock)
    await refused(
        fakes,
        handler(ListInvites(actor_id=OUTSIDER, guild_id=world.guild_id)),
        Unauthorized,
        "permissions required",
    )
    await without_create_invite(world)
    await refused(
        fakes,
        handler(ListInvites(actor_id=MEMBER, guild_id=world.guild_id)),
        Unauthorized,
        "permissions required",
    )
    assert await handler(ListInvites(actor_id=OWNER, guild_id=world.guild_id)) == []


# -- delete (row 70) -------------------------------------------------------------------------


async def test_delete_revokes_and_tolerates_absence(fakes: Fakes, world: World) -> None:
    now = fakes.clock.now_ms()
    invite = await seed_invite(fakes, world.guild_id, 8_000_000_001, created_ms=now)
    other = await world.other_guild()
    foreign = await seed_invite(fakes, other, 8_000_000_002, created_ms=now)
    handler = DeleteInviteHandler(uow=fakes.uow)
    await handler(DeleteInvite(actor_id=MEMBER, guild_id=world.guild_id, invite_id=invite.id))
    await handler(DeleteInvite(actor_id=MEMBER, guild_id=world.guild_id, invite_id=invite.id))
    await handler(DeleteInvite(actor_id=OWNER, guild_id=world.guild_id, invite_id=foreign.id))
    assert list(fakes.uow.db.invites) == [foreign.id]
    assert list(fakes.uow.db.invite_codes) == [foreign.code]


async def test_deleting_invites_needs_create_invite_and_membership(
    fakes: Fakes, world: World
) -> None:
    invite = await seed_invite(fakes, world.guild_id, 8_000_000_001, created_ms=0, ttl_ms=1 << 50)
    handler = DeleteInviteHandler(uow=fakes.uow)
    command = DeleteInvite(actor_id=OUTSIDER, guild_id=world.guild_id, invite_id=invite.id)
    await refused(fakes, handler(command), Unauthorized, "permissions required")
    await without_create_invite(world)
    command = DeleteInvite(actor_id=MEMBER, guild_id=world.guild_id, invite_id=invite.id)
    await refused(fakes, handler(command), Unauthorized, "permissions required")
