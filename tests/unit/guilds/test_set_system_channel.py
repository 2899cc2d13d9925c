from functools import partial

import pytest

from application.errors import NotFound, Unauthorized
from application.use_cases.guilds.set_system_channel import (
    SetSystemChannel,
    SetSystemChannelHandler,
)
from domain.channels import ChannelType
from domain.permissions import Permission
from tests.unit.guilds.world import (
    GRANTED,
    MEMBER,
    OWNER,
    STRANGER,
    World,
    assert_refused,
)


def handler(world: World) -> SetSystemChannelHandler:
    return SetSystemChannelHandler(uow=world.fakes.uow)


async def system_channel(world: World) -> int | None:
    async with world.fakes.uow.read() as tx:
        guild = await tx.guilds.get(world.guild_id)
    assert guild is not None
    return guild.system_channel_id


@pytest.mark.parametrize("actor", [STRANGER, MEMBER, GRANTED])
async def test_refuses_everyone_but_administrators_with_401(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_SERVER | Permission.MANAGE_CHANNELS)
    other = await world.add_channel("other")
    command = SetSystemChannel(actor_id=actor, guild_id=world.guild_id, channel_id=other.id)

    await assert_refused(
        world.fakes, lambda: handler(world)(command), Unauthorized, "permissions required"
    )


@pytest.mark.parametrize("actor", [OWNER, GRANTED])
async def test_owner_and_administrators_choose_a_channel_of_the_guild(
    world: World, actor: int
) -> None:
    await world.grant(Permission.ADMINISTRATOR)
    other = await world.add_channel("other")

    await handler(world)(
        SetSystemChannel(actor_id=actor, guild_id=world.guild_id, channel_id=other.id)
    )

    assert await system_channel(world) == other.id
    assert world.fakes.events.published == []


async def test_none_turns_system_messages_off(world: World) -> None:
    await handler(world)(SetSystemChannel(actor_id=OWNER, guild_id=world.guild_id, channel_id=None))

    assert await system_channel(world) is None


async def test_a_channel_outside_the_guild_is_404_with_gochats_text(world: World) -> None:
    foreign = await world.add_channel("foreign", guild_id=world.guild_id + 1)
    dm = await world.add_channel("dm", type=ChannelType.DM, in_guild=False)

    for channel_id in (foreign.id, dm.id, foreign.id + 1000):
        command = SetSystemChannel(actor_id=OWNER, guild_id=world.guild_id, channel_id=channel_id)
        await assert_refused(
            world.fakes, partial(handler(world), command), NotFound, "unable to get channel"
        )


async def test_unknown_guild_is_404(world: World) -> None:
    command = SetSystemChannel(actor_id=OWNER, guild_id=world.guild_id + 1, channel_id=None)

    await assert_refused(world.fakes, lambda: handler(world)(command), NotFound, "guild not found")
