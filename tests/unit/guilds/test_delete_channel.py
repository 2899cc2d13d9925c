import pytest

from application.errors import NotAcceptable, NotFound
from application.use_cases.guilds.delete_category import (
    DeleteGuildCategory,
    DeleteGuildCategoryHandler,
)
from application.use_cases.guilds.delete_channel import (
    DeleteGuildChannel,
    DeleteGuildChannelHandler,
)
from domain.channels import ChannelType
from domain.ids import MAX_ID
from domain.permissions import Permission
from tests.unit.guilds.world import (
    GRANTED,
    MEMBER,
    OWNER,
    STRANGER,
    World,
    assert_refused,
)


def channel_handler(world: World) -> DeleteGuildChannelHandler:
    fakes = world.fakes
    return DeleteGuildChannelHandler(uow=fakes.uow, messages=fakes.messages, events=fakes.events)


def category_handler(world: World) -> DeleteGuildCategoryHandler:
    fakes = world.fakes
    return DeleteGuildCategoryHandler(uow=fakes.uow, messages=fakes.messages, events=fakes.events)


def delete_channel(world: World, actor: int, channel_id: int) -> DeleteGuildChannel:
    return DeleteGuildChannel(actor_id=actor, guild_id=world.guild_id, channel_id=channel_id)


def delete_category(world: World, actor: int, category_id: int) -> DeleteGuildCategory:
    return DeleteGuildCategory(actor_id=actor, guild_id=world.guild_id, channel_id=category_id)


def deleted_frame(world: World, channel_type: int, channel_id: int) -> dict[str, object]:
    return {
        "op": 0,
        "t": 109,
        "d": {"guild_id": world.guild_id, "channel_type": channel_type, "channel_id": channel_id},
    }


async def messages_of(world: World, channel_id: int) -> int:
    return len(await world.fakes.messages.before(channel_id, MAX_ID, 100))


@pytest.mark.parametrize("actor", [STRANGER, MEMBER, GRANTED])
async def test_refuses_actors_without_manage_channels(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_SERVER)
    target = await world.add_channel("target")
    await world.add_message(target.id)

    await assert_refused(
        world.fakes,
        lambda: channel_handler(world)(delete_channel(world, actor, target.id)),
        NotAcceptable,
        "permissions required",
    )
    assert await messages_of(world, target.id) == 1


async def test_strangers_learn_nothing_about_channel_ids(world: World) -> None:
    await assert_refused(
        world.fakes,
        lambda: channel_handler(world)(delete_channel(world, STRANGER, 12345)),
        NotAcceptable,
        "permissions required",
    )


@pytest.mark.parametrize("actor", [OWNER, GRANTED])
async def test_deletes_the_channel_with_its_messages_and_publishes_109(
    world: World, actor: int
) -> None:
    await world.grant(Permission.MANAGE_CHANNELS)
    target = await world.add_channel("target", type=ChannelType.GUILD_VOICE)
    await world.add_message(target.id)
    await world.add_message(world.general_id)

    await channel_handler(world)(delete_channel(world, actor, target.id))

    assert await world.channel(target.id) is None
    assert await messages_of(world, target.id) == 0
    assert await messages_of(world, world.general_id) == 1
    assert world.frames() == [deleted_frame(world, 1, target.id)]


async def test_a_private_channel_needs_a_way_to_see_it_even_with_manage_channels(
    world: World,
) -> None:
    role = await world.grant(Permission.MANAGE_CHANNELS)
    secret = await world.add_channel("secret", private=True)
    delete = channel_handler(world)

    await assert_refused(
        world.fakes,
        lambda: delete(delete_channel(world, GRANTED, secret.id)),
        NotAcceptable,
        "permissions required",
    )

    await world.override(secret.id, role, accept=Permission.VIEW_CHANNELS, deny=0)
    await delete(delete_channel(world, GRANTED, secret.id))
    assert await world.channel(secret.id) is None


async def test_an_override_denying_manage_channels_refuses(world: World) -> None:
    role = await world.grant(Permission.MANAGE_CHANNELS)
    await world.override(world.general_id, role, accept=0, deny=Permission.MANAGE_CHANNELS)

    await assert_refused(
        world.fakes,
        lambda: channel_handler(world)(delete_channel(world, GRANTED, world.general_id)),
        NotAcceptable,
        "permissions required",
    )


async def test_threads_go_with_their_channel_each_announced(world: World) -> None:
    thread = await world.add_channel("thread", type=ChannelType.THREAD, parent_id=world.general_id)
    other = await world.add_channel("other")
    other_thread = await world.add_channel("kept", type=ChannelType.THREAD, parent_id=other.id)
    await world.add_message(thread.id)

    await channel_handler(world)(delete_channel(world, OWNER, world.general_id))

    assert await world.channel(thread.id) is None
    assert await world.channel(other_thread.id) == other_thread
    assert await messages_of(world, thread.id) == 0
    assert world.frames() == [
        deleted_frame(world, 0, world.general_id),
        deleted_frame(world, 5, thread.id),
    ]


async def test_a_thread_is_deleted_with_its_parents_permissions(world: World) -> None:
    role = await world.grant(Permission.MANAGE_CHANNELS)
    secret = await world.add_channel("secret", private=True)
    thread = await world.add_channel("thread", type=ChannelType.THREAD, parent_id=secret.id)
    delete = channel_handler(world)

    await assert_refused(
        world.fakes,
        lambda: delete(delete_channel(world, GRANTED, thread.id)),
        NotAcceptable,
        "permissions required",
    )
    await world.override(secret.id, role, accept=Permission.VIEW_CHANNELS, deny=0)
    await delete(delete_channel(world, GRANTED, thread.id))
    assert await world.channel(thread.id) is None
    assert await world.channel(secret.id) is not None


async def test_deleting_the_system_channel_turns_system_messages_off(world: World) -> None:
    await channel_handler(world)(delete_channel(world, OWNER, world.general_id))

    async with world.fakes.uow.read() as tx:
        guild = await tx.guilds.get(world.guild_id)
    assert guild is not None
    assert guild.system_channel_id is None


async def test_a_category_cannot_be_deleted_as_a_channel_nor_a_channel_as_a_category(
    world: World,
) -> None:
    await assert_refused(
        world.fakes,
        lambda: channel_handler(world)(delete_channel(world, OWNER, world.category_id)),
        NotAcceptable,
        "permissions required",
    )
    await assert_refused(
        world.fakes,
        lambda: category_handler(world)(delete_category(world, OWNER, world.general_id)),
        NotAcceptable,
        "permissions required",
    )


@pytest.mark.parametrize("actor", [STRANGER, MEMBER, GRANTED])
async def test_category_refuses_actors_without_manage_channels(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_SERVER)

    await assert_refused(
        world.fakes,
        lambda: category_handler(world)(delete_category(world, actor, world.category_id)),
        NotAcceptable,
        "permissions required",
    )


@pytest.mark.parametrize("actor", [OWNER, GRANTED])
async def test_deleting_a_category_leaves_its_channels_and_publishes_109(
    world: World, actor: int
) -> None:
    await world.grant(Permission.MANAGE_CHANNELS)
    general = await world.channel(world.general_id)

    await category_handler(world)(delete_category(world, actor, world.category_id))

    assert await world.channel(world.category_id) is None
    assert await world.channel(world.general_id) == general
    assert world.frames() == [deleted_frame(world, 2, world.category_id)]


@pytest.mark.parametrize("category", [False, True])
async def test_channels_outside_the_guild_and_unknown_guilds_are_404(
    world: World, category: bool
) -> None:
    kind = ChannelType.GUILD_CATEGORY if category else ChannelType.GUILD_TEXT
    foreign = await world.add_channel("foreign", type=kind, guild_id=world.guild_id + 1)
    handler = category_handler(world) if category else channel_handler(world)
    make = delete_category if category else delete_channel

    await assert_refused(
        world.fakes,
        lambda: handler(make(world, OWNER, foreign.id)),  # type: ignore[arg-type]
        NotFound,
        "channel not found",
    )
    elsewhere = make(world, OWNER, world.general_id)
    moved = type(elsewhere)(actor_id=OWNER, guild_id=foreign.id, channel_id=world.general_id)
    await assert_refused(
        world.fakes,
        lambda: handler(moved),  # type: ignore[arg-type]
        NotFound,
        "guild not found",
    )
