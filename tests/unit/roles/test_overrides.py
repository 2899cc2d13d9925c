from collections.abc import Awaitable, Callable

import msgspec
import pytest

from application.errors import NotAcceptable, NotFound, Unauthorized
from application.use_cases.roles.delete_override import DeleteOverride, DeleteOverrideHandler
from application.use_cases.roles.get_override import GetOverride, GetOverrideHandler
from application.use_cases.roles.list_overrides import ListOverrides, ListOverridesHandler
from application.use_cases.roles.overrides import OverrideTarget
from application.use_cases.roles.patch_override import PatchOverride, PatchOverrideHandler
from application.use_cases.roles.put_override import PutOverride, PutOverrideHandler
from application.wire.dto import ChannelRolePermissionDTO
from domain.errors import ValidationError
from domain.permissions import Override, Permission
from tests.unit.fakes import Fakes
from tests.unit.members.world import (
    ADMIN,
    MEMBER,
    MODERATOR,
    OUTSIDER,
    OWNER,
    World,
    refused,
)

VIEW = int(Permission.VIEW_CHANNELS)
SEND = int(Permission.SEND_MESSAGES)
FORBIDDEN = int(Permission.ADMINISTRATOR | Permission.BAN_MEMBERS | Permission.KICK_MEMBERS)


async def stored(fakes: Fakes, channel_id: int) -> dict[int, Override]:
    async with fakes.uow.read() as tx:
        return await tx.overrides.list_for_channel(channel_id)


async def seed(fakes: Fakes, channel_id: int, role_id: int, accept: int, deny: int) -> None:
    async with fakes.uow.write() as tx:
        await tx.overrides.put(channel_id, role_id, Override(accept=accept, deny=deny))


# -- reading (rows 53, 54) -------------------------------------------------------------------


async def test_members_list_a_channels_overrides_by_role_id(fakes: Fakes, world: World) -> None:
    channel = world.system_channel_id
    await seed(fakes, channel, world.admin_role_id, VIEW, SEND)
    await seed(fakes, channel, world.mod_role_id, SEND, 0)
    listed = await ListOverridesHandler(uow=fakes.uow)(
        ListOverrides(actor_id=MEMBER, guild_id=world.guild_id, channel_id=channel)
    )
    assert listed == [
        ChannelRolePermissionDTO(role_id=world.mod_role_id, accept=SEND, deny=0),
        ChannelRolePermissionDTO(role_id=world.admin_role_id, accept=VIEW, deny=SEND),
    ]


async def test_members_read_one_override(fakes: Fakes, world: World) -> None:
    await seed(fakes, world.system_channel_id, world.mod_role_id, VIEW, SEND)
    got = await GetOverrideHandler(uow=fakes.uow)(
        GetOverride(
            actor_id=OWNER,
            guild_id=world.guild_id,
            channel_id=world.system_channel_id,
            role_id=world.mod_role_id,
        )
    )
    assert got == ChannelRolePermissionDTO(role_id=world.mod_role_id, accept=VIEW, deny=SEND)


async def test_reading_an_absent_override_is_404(fakes: Fakes, world: World) -> None:
    query = GetOverride(
        actor_id=MEMBER,
        guild_id=world.guild_id,
        channel_id=world.system_channel_id,
        role_id=world.mod_role_id,
    )
    await refused(
        fakes,
        GetOverrideHandler(uow=fakes.uow)(query),
        NotFound,
        "unable to get channel role permissions",
    )


async def test_non_members_may_not_read_overrides(fakes: Fakes, world: World) -> None:
    listing = ListOverrides(
        actor_id=OUTSIDER, guild_id=world.guild_id, channel_id=world.system_channel_id
    )
    await refused(
        fakes, ListOverridesHandler(uow=fakes.uow)(listing), Unauthorized, "permissions required"
    )
    one = GetOverride(
        actor_id=OUTSIDER,
        guild_id=world.guild_id,
        channel_id=world.system_channel_id,
        role_id=world.mod_role_id,
    )
    await refused(
        fakes, GetOverrideHandler(uow=fakes.uow)(one), Unauthorized, "permissions required"
    )


async def test_reading_overrides_of_another_guilds_channel_is_404(
    fakes: Fakes, world: World
) -> None:
    other = await world.other_guild()
    foreign = await world.add_channel(guild_id=other)
    for channel_id in (foreign, 424242):
        listing = ListOverrides(actor_id=MEMBER, guild_id=world.guild_id, channel_id=channel_id)
        await refused(
            fakes, ListOverridesHandler(uow=fakes.uow)(listing), NotFound, "channel not found"
        )


# -- writing (rows 55, 56, 57) -----------------------------------------------------------------


def put(fakes: Fakes) -> PutOverrideHandler:
    return PutOverrideHandler(uow=fakes.uow)


def patch(fakes: Fakes) -> PatchOverrideHandler:
    return PatchOverrideHandler(uow=fakes.uow)


def delete(fakes: Fakes) -> DeleteOverrideHandler:
    return DeleteOverrideHandler(uow=fakes.uow)


@pytest.mark.parametrize("actor", [OWNER, ADMIN, MODERATOR])
async def test_put_inserts_then_replaces_without_events(
    fakes: Fakes, world: World, actor: int
) -> None:
    channel, role = world.system_channel_id, world.mod_role_id
    common = {"actor_id": actor, "guild_id": world.guild_id, "channel_id": channel, "role_id": role}
    await put(fakes)(PutOverride(**common, accept=VIEW, deny=SEND))
    assert await stored(fakes, channel) == {role: Override(accept=VIEW, deny=SEND)}
    await put(fakes)(PutOverride(**common, accept=SEND, deny=0))
    assert await stored(fakes, channel) == {role: Override(accept=SEND, deny=0)}
    assert fakes.events.published == []


async def test_put_sanitizes_on_first_insert(fakes: Fakes, world: World) -> None:
    """Spec §17 item 20: GoChat stored guild-wide bits on insert; Parley never does."""
    command = PutOverride(
        actor_id=OWNER,
        guild_id=world.guild_id,
        channel_id=world.system_channel_id,
        role_id=world.mod_role_id,
        accept=FORBIDDEN | VIEW,
        deny=FORBIDDEN | SEND,
    )
    await put(fakes)(command)
    assert await stored(fakes, world.system_channel_id) == {
        world.mod_role_id: Override(accept=VIEW, deny=SEND)
    }


async def test_patch_updates_an_existing_override_sanitized(fakes: Fakes, world: World) -> None:
    await seed(fakes, world.system_channel_id, world.mod_role_id, VIEW, 0)
    command = PatchOverride(
        actor_id=MODERATOR,
        guild_id=world.guild_id,
        channel_id=world.system_channel_id,
        role_id=world.mod_role_id,
        accept=FORBIDDEN,
        deny=SEND | FORBIDDEN,
    )
    await patch(fakes)(command)
    assert await stored(fakes, world.system_channel_id) == {
        world.mod_role_id: Override(accept=0, deny=SEND)
    }
    assert fakes.events.published == []


async def test_patch_of_an_absent_override_changes_nothing(fakes: Fakes, world: World) -> None:
    command = PatchOverride(
        actor_id=OWNER,
        guild_id=world.guild_id,
        channel_id=world.system_channel_id,
        role_id=world.mod_role_id,
        accept=VIEW,
        deny=0,
    )
    before = fakes.uow.db.snapshot()
    await patch(fakes)(command)
    assert fakes.uow.db == before


async def test_delete_removes_the_override_and_tolerates_absence(
    fakes: Fakes, world: World
) -> None:
    await seed(fakes, world.system_channel_id, world.mod_role_id, VIEW, 0)
    await seed(fakes, world.system_channel_id, world.admin_role_id, VIEW, 0)
    command = DeleteOverride(
        actor_id=MODERATOR,
        guild_id=world.guild_id,
        channel_id=world.system_channel_id,
        role_id=world.mod_role_id,
    )
    await delete(fakes)(command)
    await delete(fakes)(command)
    assert list(await stored(fakes, world.system_channel_id)) == [world.admin_role_id]
    assert fakes.events.published == []


def writes(
    fakes: Fakes, world: World, actor: int, channel_id: int, role_id: int
) -> list[Callable[[], Awaitable[None]]]:
    """Put, patch and delete of one override, each ready to run."""
    target = OverrideTarget(
        actor_id=actor, guild_id=world.guild_id, channel_id=channel_id, role_id=role_id
    )
    fields = msgspec.structs.asdict(target)
    return [
        lambda: put(fakes)(PutOverride(**fields, accept=VIEW, deny=0)),
        lambda: patch(fakes)(PatchOverride(**fields, accept=VIEW, deny=0)),
        lambda: delete(fakes)(DeleteOverride(**fields)),
    ]


@pytest.mark.parametrize("actor", [MEMBER, OUTSIDER])
async def test_writes_need_manage_channels_and_membership(
    fakes: Fakes, world: World, actor: int
) -> None:
    await seed(fakes, world.system_channel_id, world.mod_role_id, SEND, 0)
    if actor == OUTSIDER:
        await world.set_base(int(Permission.MANAGE_CHANNELS))
    for write in writes(fakes, world, actor, world.system_channel_id, world.mod_role_id):
        await refused(fakes, write(), NotAcceptable, "permissions required")


async def test_writes_on_another_guilds_channel_are_404(fakes: Fakes, world: World) -> None:
    other = await world.other_guild()
    foreign = await world.add_channel(guild_id=other)
    for write in writes(fakes, world, OWNER, foreign, world.mod_role_id):
        await refused(fakes, write(), NotFound, "channel not found")


@pytest.mark.parametrize("foreign", [True, False])
async def test_writes_for_roles_outside_the_guild_are_404(
    fakes: Fakes, world: World, foreign: bool
) -> None:
    role_id = await world.add_role(guild_id=await world.other_guild()) if foreign else 424242
    for write in writes(fakes, world, OWNER, world.system_channel_id, role_id):
        await refused(fakes, write(), NotFound, "role does not belong to this guild")


@pytest.mark.parametrize(
    ("accept", "deny", "message"),
    [
        (-1, 0, "accept: permissions must be non-negative."),
        (0, -1, "deny: permissions must be non-negative."),
        (
            -1,
            -2,
            "accept: permissions must be non-negative; deny: permissions must be non-negative.",
        ),
    ],
)
async def test_negative_masks_are_refused(
    fakes: Fakes, world: World, accept: int, deny: int, message: str
) -> None:
    target = {
        "actor_id": OWNER,
        "guild_id": world.guild_id,
        "channel_id": world.system_channel_id,
        "role_id": world.mod_role_id,
    }
    command = PutOverride(**target, accept=accept, deny=deny)
    await refused(fakes, put(fakes)(command), ValidationError, message)
    patched = PatchOverride(**target, accept=accept, deny=deny)
    await refused(fakes, patch(fakes)(patched), ValidationError, message)
