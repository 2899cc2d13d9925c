from functools import partial

import pytest

from application.errors import Forbidden, NotFound, Unauthorized
from application.use_cases.guilds.get_channel import GetGuildChannel, GetGuildChannelHandler
from application.wire.dto import ChannelDTO
from application.wire.timefmt import rfc3339
from domain.channels import ChannelType
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.guilds.world import GRANTED, MEMBER, OWNER, STRANGER, World, assert_refused


def get(world: World, actor: int, channel_id: int) -> GetGuildChannel:
    return GetGuildChannel(actor_id=actor, guild_id=world.guild_id, channel_id=channel_id)


async def test_a_member_gets_the_channel_with_stored_parent_and_filled_mask(
    world: World,
) -> None:
    role = await world.add_role(0)
    await world.override(world.general_id, role, accept=1, deny=0)

    channel = await GetGuildChannelHandler(uow=world.fakes.uow)(
        get(world, MEMBER, world.general_id)
    )

    assert channel == ChannelDTO(
        id=world.general_id,
        type=ChannelType.GUILD_TEXT,
        guild_id=world.guild_id,
        name="general",
        parent_id=world.category_id,
        position=0,
        topic=None,
        permissions=DEFAULT_GUILD_PERMISSIONS,
        private=False,
        last_message_id=0,
        created_at=rfc3339(world.fakes.clock.now_ms()),
    )


async def test_a_channels_own_mask_is_kept(world: World) -> None:
    own = await world.add_channel("own", permissions=3)

    channel = await GetGuildChannelHandler(uow=world.fakes.uow)(get(world, MEMBER, own.id))

    assert channel.permissions == 3


async def test_strangers_are_refused_before_the_channel_is_looked_up(world: World) -> None:
    handler = GetGuildChannelHandler(uow=world.fakes.uow)

    for channel_id in (world.general_id, world.general_id + 999):
        await assert_refused(
            world.fakes,
            partial(handler, get(world, STRANGER, channel_id)),
            Forbidden,
            "not a member",
        )


async def test_private_channel_is_401_without_a_way_to_view_it(world: World) -> None:
    secret = await world.add_channel("secret", private=True)
    role = await world.grant(0)
    await world.override(secret.id, role, accept=0, deny=Permission.VIEW_CHANNELS)
    handler = GetGuildChannelHandler(uow=world.fakes.uow)

    for actor in (MEMBER, GRANTED):
        await assert_refused(
            world.fakes,
            partial(handler, get(world, actor, secret.id)),
            Unauthorized,
            "permissions required",
        )


@pytest.mark.parametrize("how", ["override", "administrator", "owner"])
async def test_private_channel_is_shown_to_those_who_may_view_it(world: World, how: str) -> None:
    secret = await world.add_channel("secret", private=True)
    actor = OWNER
    if how == "override":
        role = await world.grant(0)
        await world.override(secret.id, role, accept=Permission.VIEW_CHANNELS, deny=0)
        actor = GRANTED
    elif how == "administrator":
        await world.grant(Permission.ADMINISTRATOR)
        actor = GRANTED

    channel = await GetGuildChannelHandler(uow=world.fakes.uow)(get(world, actor, secret.id))

    assert (channel.id, channel.private) == (secret.id, True)


async def test_channels_outside_the_guild_and_unknown_guilds_are_404(world: World) -> None:
    foreign = await world.add_channel("foreign", guild_id=world.guild_id + 1)
    dm = await world.add_channel("dm", type=ChannelType.DM, in_guild=False)
    handler = GetGuildChannelHandler(uow=world.fakes.uow)

    for channel_id in (foreign.id, dm.id, dm.id + 999):
        await assert_refused(
            world.fakes,
            partial(handler, get(world, MEMBER, channel_id)),
            NotFound,
            "channel not found",
        )
    await assert_refused(
        world.fakes,
        lambda: handler(
            GetGuildChannel(actor_id=OWNER, guild_id=foreign.id, channel_id=foreign.id)
        ),
        NotFound,
        "guild not found",
    )
