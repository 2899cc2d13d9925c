from typing import Any

import pytest

from application.errors import NotAcceptable, NotFound
from application.use_cases.members.ban_member import BanMember, BanMemberHandler
from application.use_cases.members.kick_member import KickMember, KickMemberHandler
from application.use_cases.members.unban_member import UnbanMember, UnbanMemberHandler
from domain.errors import DomainError
from domain.members import Ban
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


def kicker(fakes: Fakes) -> KickMemberHandler:
    return KickMemberHandler(uow=fakes.uow, events=fakes.events)


def banner(fakes: Fakes) -> BanMemberHandler:
    return BanMemberHandler(uow=fakes.uow, events=fakes.events)


def unbanner(fakes: Fakes) -> UnbanMemberHandler:
    return UnbanMemberHandler(uow=fakes.uow, events=fakes.events)


async def is_member(fakes: Fakes, world: World, user_id: int) -> bool:
    async with fakes.uow.read() as tx:
        return await tx.members.get(world.guild_id, user_id) is not None


async def bans_of(fakes: Fakes, world: World) -> list[Ban]:
    async with fakes.uow.read() as tx:
        return await tx.bans.list_by_guild(world.guild_id)


def removed(world: World, user_id: int) -> dict[str, Any]:
    return {"op": 0, "t": 202, "d": {"guild_id": world.guild_id, "user_id": user_id}}


def moderated(world: World, user_id: int, actor: int, action: str, **extra: str) -> dict[str, Any]:
    payload = {"guild_id": world.guild_id, "user_id": user_id, "actor_id": actor, "action": action}
    return {"op": 0, "t": 207, "d": payload | extra}


# -- kick (row 42) ---------------------------------------------------------------------------


@pytest.mark.parametrize("actor", [OWNER, ADMIN, MODERATOR])
async def test_kick_removes_the_member_and_their_roles(
    fakes: Fakes, world: World, actor: int
) -> None:
    """Spec §15 members_test, and §17 item 22: the role assignments go too."""
    async with fakes.uow.write() as tx:
        await tx.members.add_role(world.guild_id, TARGET, world.mod_role_id)
    await kicker(fakes)(KickMember(actor_id=actor, guild_id=world.guild_id, user_id=TARGET))
    assert not await is_member(fakes, world, TARGET)
    assert (world.guild_id, TARGET) not in fakes.uow.db.member_roles
    assert fakes.events.frames(f"guild.{world.guild_id}") == [
        removed(world, TARGET),
        moderated(world, TARGET, actor, "kick"),
    ]
    assert await bans_of(fakes, world) == []


async def test_kick_needs_kick_members(fakes: Fakes, world: World) -> None:
    command = KickMember(actor_id=MEMBER, guild_id=world.guild_id, user_id=TARGET)
    await refused(fakes, kicker(fakes)(command), NotAcceptable, "permissions required")


async def test_ban_members_alone_does_not_allow_kicking(fakes: Fakes, world: World) -> None:
    role_id = await world.add_role(int(Permission.BAN_MEMBERS))
    await world.add_member(OUTSIDER, role_id)
    command = KickMember(actor_id=OUTSIDER, guild_id=world.guild_id, user_id=TARGET)
    await refused(fakes, kicker(fakes)(command), NotAcceptable, "permissions required")


async def test_non_members_may_not_kick_even_with_the_bit_in_base(
    fakes: Fakes, world: World
) -> None:
    await world.set_base(int(Permission.KICK_MEMBERS))
    command = KickMember(actor_id=OUTSIDER, guild_id=world.guild_id, user_id=TARGET)
    await refused(fakes, kicker(fakes)(command), NotAcceptable, "permissions required")


async def test_nobody_kicks_the_owner(fakes: Fakes, world: World) -> None:
    command = KickMember(actor_id=ADMIN, guild_id=world.guild_id, user_id=OWNER)
    await refused(fakes, kicker(fakes)(command), NotAcceptable, "cannot moderate guild owner")


async def test_kicking_a_non_member_is_404(fakes: Fakes, world: World) -> None:
    command = KickMember(actor_id=OWNER, guild_id=world.guild_id, user_id=OUTSIDER)
    await refused(fakes, kicker(fakes)(command), NotFound, "not a member")


async def test_only_the_owner_kicks_administrators(fakes: Fakes, world: World) -> None:
    command = KickMember(actor_id=MODERATOR, guild_id=world.guild_id, user_id=ADMIN)
    await refused(
        fakes,
        kicker(fakes)(command),
        NotAcceptable,
        "only guild owner can moderate administrators",
    )
    await kicker(fakes)(KickMember(actor_id=OWNER, guild_id=world.guild_id, user_id=ADMIN))
    assert not await is_member(fakes, world, ADMIN)


async def test_an_administrator_base_mask_makes_everyone_an_administrator(
    fakes: Fakes, world: World
) -> None:
    await world.set_base(int(Permission.ADMINISTRATOR))
    command = KickMember(actor_id=MEMBER, guild_id=world.guild_id, user_id=TARGET)
    await refused(
        fakes,
        kicker(fakes)(command),
        NotAcceptable,
        "only guild owner can moderate administrators",
    )


async def test_kicking_in_unknown_guild_is_404(fakes: Fakes, world: World) -> None:
    command = KickMember(actor_id=OWNER, guild_id=world.guild_id + 999, user_id=TARGET)
    await refused(fakes, kicker(fakes)(command), NotFound, "guild not found")


# -- ban (row 43) ----------------------------------------------------------------------------


@pytest.mark.parametrize("actor", [OWNER, ADMIN, MODERATOR])
async def test_ban_records_the_reason_and_removes_the_member(
    fakes: Fakes, world: World, actor: int
) -> None:
    async with fakes.uow.write() as tx:
        await tx.members.add_role(world.guild_id, TARGET, world.mod_role_id)
    command = BanMember(
        actor_id=actor, guild_id=world.guild_id, user_id=TARGET, reason="spam links"
    )
    await banner(fakes)(command)
    assert await bans_of(fakes, world) == [
        Ban(guild_id=world.guild_id, user_id=TARGET, reason="spam links")
    ]
    assert not await is_member(fakes, world, TARGET)
    assert (world.guild_id, TARGET) not in fakes.uow.db.member_roles
    assert fakes.events.frames(f"guild.{world.guild_id}") == [
        removed(world, TARGET),
        moderated(world, TARGET, actor, "ban", reason="spam links"),
    ]


async def test_ban_without_reason_omits_it(fakes: Fakes, world: World) -> None:
    await banner(fakes)(BanMember(actor_id=OWNER, guild_id=world.guild_id, user_id=TARGET))
    assert await bans_of(fakes, world) == [Ban(guild_id=world.guild_id, user_id=TARGET)]
    assert fakes.events.frames()[-1] == moderated(world, TARGET, OWNER, "ban")


async def test_a_reason_of_256_characters_is_fine(fakes: Fakes, world: World) -> None:
    command = BanMember(actor_id=OWNER, guild_id=world.guild_id, user_id=TARGET, reason="r" * 256)
    await banner(fakes)(command)
    assert (await bans_of(fakes, world))[0].reason == "r" * 256


async def test_a_longer_reason_is_refused_first(fakes: Fakes, world: World) -> None:
    command = BanMember(actor_id=OUTSIDER, guild_id=world.guild_id, user_id=OWNER, reason="r" * 257)
    await refused(
        fakes, banner(fakes)(command), DomainError, "ban reason must be 256 characters or fewer"
    )


async def test_kick_members_alone_does_not_allow_banning(fakes: Fakes, world: World) -> None:
    role_id = await world.add_role(int(Permission.KICK_MEMBERS))
    await world.add_member(OUTSIDER, role_id)
    command = BanMember(actor_id=OUTSIDER, guild_id=world.guild_id, user_id=TARGET)
    await refused(fakes, banner(fakes)(command), NotAcceptable, "permissions required")


@pytest.mark.parametrize(
    "case",
    [
        (MEMBER, TARGET, NotAcceptable, "permissions required"),
        (OUTSIDER, TARGET, NotAcceptable, "permissions required"),
        (ADMIN, OWNER, NotAcceptable, "cannot moderate guild owner"),
        (OWNER, OUTSIDER, NotFound, "not a member"),
        (MODERATOR, ADMIN, NotAcceptable, "only guild owner can moderate administrators"),
    ],
)
async def test_ban_refusals(
    fakes: Fakes, world: World, case: tuple[int, int, type[NotAcceptable | NotFound], str]
) -> None:
    actor, target, kind, message = case
    command = BanMember(actor_id=actor, guild_id=world.guild_id, user_id=target, reason="x")
    await refused(fakes, banner(fakes)(command), kind, message)


# -- unban (row 44) --------------------------------------------------------------------------


@pytest.mark.parametrize("actor", [OWNER, ADMIN, MODERATOR])
async def test_unban_lifts_the_ban_and_sends_207_only(
    fakes: Fakes, world: World, actor: int
) -> None:
    async with fakes.uow.write() as tx:
        await tx.bans.add(Ban(guild_id=world.guild_id, user_id=OUTSIDER, reason="spam"))
    await unbanner(fakes)(UnbanMember(actor_id=actor, guild_id=world.guild_id, user_id=OUTSIDER))
    assert await bans_of(fakes, world) == []
    assert fakes.events.frames(f"guild.{world.guild_id}") == [
        moderated(world, OUTSIDER, actor, "unban")
    ]


async def test_unbanning_someone_not_banned_still_succeeds(fakes: Fakes, world: World) -> None:
    await unbanner(fakes)(UnbanMember(actor_id=OWNER, guild_id=world.guild_id, user_id=TARGET))
    assert [f["t"] for f in fakes.events.frames()] == [207]
    assert await is_member(fakes, world, TARGET)


@pytest.mark.parametrize(
    ("actor", "target", "message"),
    [
        (MEMBER, OUTSIDER, "permissions required"),
        (OUTSIDER, TARGET, "permissions required"),
        (MODERATOR, OWNER, "cannot moderate guild owner"),
        (MODERATOR, ADMIN, "only guild owner can moderate administrators"),
    ],
)
async def test_unban_refusals(
    fakes: Fakes, world: World, actor: int, target: int, message: str
) -> None:
    async with fakes.uow.write() as tx:
        await tx.bans.add(Ban(guild_id=world.guild_id, user_id=target, reason="spam"))
    command = UnbanMember(actor_id=actor, guild_id=world.guild_id, user_id=target)
    await refused(fakes, unbanner(fakes)(command), NotAcceptable, message)
