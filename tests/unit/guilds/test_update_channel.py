import pytest

from application.errors import NotAcceptable, NotFound, NotModified
from application.use_cases.guilds.update_channel import (
    UpdateGuildChannel,
    UpdateGuildChannelHandler,
)
from application.wire.dto import ChannelDTO
from application.wire.timefmt import rfc3339
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


def handler(world: World) -> UpdateGuildChannelHandler:
    return UpdateGuildChannelHandler(uow=world.fakes.uow, events=world.fakes.events)


def update(world: World, actor: int = OWNER, **fields: object) -> UpdateGuildChannel:
    return UpdateGuildChannel(
        actor_id=actor,
        guild_id=world.guild_id,
        channel_id=fields.pop("channel_id", world.general_id),  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("actor", [STRANGER, MEMBER, GRANTED])
async def test_refuses_actors_without_manage_channels(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_SERVER)

    await assert_refused(
        world.fakes,
        lambda: handler(world)(update(world, actor, name="renamed")),
        NotAcceptable,
        "permissions required",
    )


@pytest.mark.parametrize("actor", [OWNER, GRANTED])
async def test_updates_the_channel_and_publishes_107_with_the_stored_channel(
    world: World, actor: int
) -> None:
    await world.grant(Permission.MANAGE_CHANNELS)

    dto = await handler(world)(
        update(world, actor, name="renamed", private=True, topic="about things")
    )

    expected = ChannelDTO(
        id=world.general_id,
        type=0,
        guild_id=world.guild_id,
        name="renamed",
        parent_id=world.category_id,
        position=0,
        topic="about things",
        private=True,
        last_message_id=0,
        created_at=rfc3339(world.fakes.clock.now_ms()),
    )
    assert dto == expected
    stored = await world.channel(world.general_id)
    assert stored is not None
    assert (stored.name, stored.private, stored.topic) == ("renamed", True, "about things")
    assert world.frames() == [
        {
            "op": 0,
            "t": 107,
            "d": {
                "guild_id": world.guild_id,
                "channel": {
                    "id": world.general_id,
                    "type": 0,
                    "guild_id": world.guild_id,
                    "name": "renamed",
                    "parent_id": world.category_id,
                    "position": 0,
                    "topic": "about things",
                    "private": True,
                    "last_message_id": 0,
                    "created_at": expected.created_at,
                },
            },
        }
    ]


async def test_fields_left_out_keep_their_value(world: World) -> None:
    dto = await handler(world)(update(world, private=True))

    assert (dto.name, dto.private, dto.topic) == ("general", True, None)


async def test_a_body_without_fields_is_304(world: World) -> None:
    await assert_refused(
        world.fakes,
        lambda: handler(world)(update(world)),
        NotModified,
        "unable to update channel",
    )


async def test_channels_outside_the_guild_and_unknown_guilds_are_404(world: World) -> None:
    foreign = await world.add_channel("foreign", guild_id=world.guild_id + 1)

    await assert_refused(
        world.fakes,
        lambda: handler(world)(update(world, channel_id=foreign.id, name="renamed")),
        NotFound,
        "channel not found",
    )
    bad = UpdateGuildChannel(
        actor_id=OWNER, guild_id=world.guild_id + 1, channel_id=world.general_id, name="ok"
    )
    await assert_refused(world.fakes, lambda: handler(world)(bad), NotFound, "guild not found")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "x"}, "name: channel name must be at least 2 characters."),
        ({"name": "no way"}, "name: channel name must contain only letters, digits, '_' or '-'."),
        ({"topic": "t" * 1025}, "topic: topic must be no more than 1024 characters."),
    ],
)
async def test_validation_comes_before_the_permission_check(
    world: World, fields: dict[str, object], message: str
) -> None:
    await assert_refused(
        world.fakes,
        lambda: handler(world)(update(world, STRANGER, **fields)),
        ValidationError,
        message,
    )
