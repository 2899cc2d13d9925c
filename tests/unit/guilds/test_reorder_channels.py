import pytest

from application.errors import NotAcceptable, NotFound
from application.use_cases.guilds.reorder_channels import (
    ChannelPosition,
    ReorderGuildChannels,
    ReorderGuildChannelsHandler,
)
from domain.errors import ValidationError
from domain.permissions import Permission
from tests.unit.guilds.world import (
    GRANTED,
    MEMBER,
    OWNER,
    STRANGER,
    World,
    assert_refused,
)


def handler(world: World) -> ReorderGuildChannelsHandler:
    return ReorderGuildChannelsHandler(uow=world.fakes.uow, events=world.fakes.events)


def reorder(world: World, actor: int, *pairs: tuple[int, int]) -> ReorderGuildChannels:
    return ReorderGuildChannels(
        actor_id=actor,
        guild_id=world.guild_id,
        channels=[ChannelPosition(id=i, position=p) for i, p in pairs],
    )


async def positions(world: World) -> dict[int, int]:
    return {c.id: c.position for c in await world.channels()}


@pytest.mark.parametrize("actor", [STRANGER, MEMBER, GRANTED])
async def test_refuses_actors_without_manage_channels(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_SERVER)

    await assert_refused(
        world.fakes,
        lambda: handler(world)(reorder(world, actor, (world.general_id, 5))),
        NotAcceptable,
        "permissions required",
    )


@pytest.mark.parametrize("actor", [OWNER, GRANTED])
async def test_moves_the_guilds_channels_and_publishes_108(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_CHANNELS)
    foreign = await world.add_channel("foreign", guild_id=world.guild_id + 1)

    await handler(world)(
        reorder(
            world,
            actor,
            (world.general_id, 3),
            (foreign.id, 9),
            (world.category_id, -1),
            (world.general_id, 2),
        )
    )

    assert await positions(world) == {world.category_id: -1, world.general_id: 2}
    assert (await world.channel(foreign.id)) == foreign
    assert world.frames() == [
        {
            "op": 0,
            "t": 108,
            "d": {
                "guild_id": world.guild_id,
                "channels": [
                    {"id": world.general_id, "position": 2},
                    {"id": world.category_id, "position": -1},
                ],
            },
        }
    ]


async def test_only_foreign_ids_change_nothing_and_publish_nothing(world: World) -> None:
    foreign = await world.add_channel("foreign", guild_id=world.guild_id + 1)
    before = await positions(world)

    await handler(world)(reorder(world, OWNER, (foreign.id, 4)))

    assert await positions(world) == before
    assert world.fakes.events.published == []


async def test_an_empty_list_is_a_validation_error(world: World) -> None:
    await assert_refused(
        world.fakes,
        lambda: handler(world)(reorder(world, OWNER)),
        ValidationError,
        "channels: cannot be blank.",
    )


async def test_unknown_guild_is_404(world: World) -> None:
    bad = ReorderGuildChannels(
        actor_id=OWNER,
        guild_id=world.guild_id + 1,
        channels=[ChannelPosition(id=world.general_id, position=1)],
    )

    await assert_refused(world.fakes, lambda: handler(world)(bad), NotFound, "guild not found")
