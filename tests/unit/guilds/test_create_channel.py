from functools import partial

import pytest

from application.errors import NotAcceptable, NotFound
from application.use_cases.guilds.create_channel import (
    CreateGuildChannel,
    CreateGuildChannelHandler,
)
from application.wire.timefmt import rfc3339
from domain.channels import Channel, ChannelType
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


def handler(world: World) -> CreateGuildChannelHandler:
    fakes = world.fakes
    return CreateGuildChannelHandler(
        uow=fakes.uow, ids=fakes.ids, clock=fakes.clock, events=fakes.events
    )


def command(world: World, actor: int = OWNER, **fields: object) -> CreateGuildChannel:
    values: dict[str, object] = {"name": "new-channel"} | fields
    return CreateGuildChannel(actor_id=actor, guild_id=world.guild_id, **values)  # type: ignore[arg-type]


async def created_channel(world: World, name: str = "new-channel") -> Channel:
    [channel] = [c for c in await world.channels() if c.name == name]
    return channel


@pytest.mark.parametrize("actor", [STRANGER, MEMBER])
async def test_refuses_actors_without_manage_channels(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_SERVER)

    await assert_refused(
        world.fakes,
        lambda: handler(world)(command(world, actor)),
        NotAcceptable,
        "permissions required",
    )


async def test_refuses_a_role_without_manage_channels(world: World) -> None:
    await world.grant(Permission.MANAGE_SERVER | Permission.MANAGE_ROLES)

    await assert_refused(
        world.fakes,
        lambda: handler(world)(command(world, GRANTED)),
        NotAcceptable,
        "permissions required",
    )


@pytest.mark.parametrize("actor", [OWNER, GRANTED])
async def test_creates_the_channel_and_publishes_106(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_CHANNELS)
    world.fakes.clock.advance(1500)

    dto = await handler(world)(
        command(world, actor, type=ChannelType.GUILD_VOICE, private=True, position=7)
    )

    channel = await created_channel(world)
    assert channel == Channel(
        id=dto.id,
        type=ChannelType.GUILD_VOICE,
        name="new-channel",
        guild_id=world.guild_id,
        position=7,
        private=True,
        created_at_ms=world.fakes.clock.now_ms(),
    )
    assert world.frames() == [
        {
            "op": 0,
            "t": 106,
            "d": {
                "guild_id": world.guild_id,
                "channel": {
                    "id": channel.id,
                    "type": 1,
                    "guild_id": world.guild_id,
                    "name": "new-channel",
                    "position": 7,
                    "topic": None,
                    "private": True,
                    "last_message_id": 0,
                    "created_at": rfc3339(world.fakes.clock.now_ms()),
                },
            },
        }
    ]


async def test_a_category_is_a_channel_of_type_2(world: World) -> None:
    await handler(world)(command(world, name="cat", type=ChannelType.GUILD_CATEGORY))

    channel = await created_channel(world, "cat")
    assert channel.type is ChannelType.GUILD_CATEGORY
    assert world.frames()[0]["d"]["channel"]["type"] == 2  # type: ignore[index]


async def test_parent_id_is_ignored_for_anything_but_a_thread(world: World) -> None:
    await handler(world)(command(world, parent_id=world.category_id))

    assert (await created_channel(world)).parent_id is None
    assert "parent_id" not in world.frames()[0]["d"]["channel"]  # type: ignore[index]


async def test_a_thread_keeps_its_text_channel_parent(world: World) -> None:
    await handler(world)(command(world, type=ChannelType.THREAD, parent_id=world.general_id))

    assert (await created_channel(world)).parent_id == world.general_id
    assert world.frames()[0]["d"]["channel"]["parent_id"] == world.general_id  # type: ignore[index]


async def test_a_threads_parent_must_be_a_text_channel_of_the_guild(world: World) -> None:
    foreign = await world.add_channel("foreign", guild_id=world.guild_id + 1)
    voice = await world.add_channel("voice", type=ChannelType.GUILD_VOICE)
    create = handler(world)

    for parent in (foreign.id, foreign.id + 999):
        await assert_refused(
            world.fakes,
            partial(create, command(world, type=ChannelType.THREAD, parent_id=parent)),
            NotFound,
            "channel not found",
        )
    for parent in (voice.id, world.category_id):
        await assert_refused(
            world.fakes,
            partial(create, command(world, type=ChannelType.THREAD, parent_id=parent)),
            ValidationError,
            "parent_id: must be a text channel.",
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "x"}, "name: channel name must be at least 2 characters."),
        ({"name": "x" * 101}, "name: channel name must be no more than 100 characters."),
        (
            {"name": "has space"},
            "name: channel name must contain only letters, digits, '_' or '-'.",
        ),
        ({"type": ChannelType.DM}, "type: must be a valid value."),
        ({"type": ChannelType.GROUP_DM}, "type: must be a valid value."),
        ({"type": 9}, "type: must be a valid value."),
        ({"parent_id": 0}, "parent_id: must be no less than 1."),
        ({"type": ChannelType.THREAD}, "parent_id: cannot be blank."),
    ],
)
async def test_validation_comes_before_the_permission_check(
    world: World, fields: dict[str, object], message: str
) -> None:
    await assert_refused(
        world.fakes,
        lambda: handler(world)(command(world, STRANGER, **fields)),
        ValidationError,
        message,
    )


async def test_unknown_guild_is_404(world: World) -> None:
    bad = CreateGuildChannel(actor_id=OWNER, guild_id=world.guild_id + 1, name="new-channel")

    await assert_refused(world.fakes, lambda: handler(world)(bad), NotFound, "guild not found")
