from dataclasses import dataclass

import pytest

from application.errors import Forbidden, NotFound
from application.use_cases.guilds.list_channels import (
    ListGuildChannels,
    ListGuildChannelsHandler,
)
from application.wire.dto import ChannelDTO
from application.wire.timefmt import rfc3339
from domain.channels import ChannelType
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.guilds.world import GRANTED, MEMBER, OWNER, STRANGER, World, assert_refused


@dataclass
class Layout:
    """category(0) > general(0), lobby(1) | staff(2, private) > mods(3), secret(4, private)."""

    lobby: int
    staff: int
    mods: int
    secret: int
    thread: int
    hidden_thread: int
    general_role: int


async def lay_out(world: World) -> Layout:
    lobby = await world.add_channel("lobby", type=ChannelType.GUILD_VOICE, position=1)
    staff = await world.add_channel(
        "staff", type=ChannelType.GUILD_CATEGORY, position=2, private=True
    )
    mods = await world.add_channel("mods", position=3, permissions=3)
    secret = await world.add_channel("secret", position=4, private=True)
    thread = await world.add_channel(
        "thread", type=ChannelType.THREAD, position=5, parent_id=world.general_id
    )
    hidden = await world.add_channel(
        "hidden", type=ChannelType.THREAD, position=6, parent_id=secret.id
    )
    general_role = await world.add_role(0)
    await world.override(world.general_id, general_role, accept=0, deny=0)
    return Layout(lobby.id, staff.id, mods.id, secret.id, thread.id, hidden.id, general_role)


async def names_for(world: World, actor: int) -> list[tuple[str, str | None]]:
    listing = await ListGuildChannelsHandler(uow=world.fakes.uow)(
        ListGuildChannels(actor_id=actor, guild_id=world.guild_id)
    )
    ids = {c.id: c.name for c in listing}
    return [(c.name, ids.get(c.parent_id) if c.parent_id else None) for c in listing]


async def test_a_member_gets_sorted_channels_with_derived_parents_and_filled_masks(
    world: World,
) -> None:
    layout = await lay_out(world)
    created = rfc3339(world.fakes.clock.now_ms())

    listing = await ListGuildChannelsHandler(uow=world.fakes.uow)(
        ListGuildChannels(actor_id=MEMBER, guild_id=world.guild_id)
    )

    def dto(channel_id: int, name: str, kind: ChannelType, **fields: object) -> ChannelDTO:
        base: dict[str, object] = {
            "guild_id": world.guild_id,
            "parent_id": None,
            "position": 0,
            "topic": None,
            "permissions": DEFAULT_GUILD_PERMISSIONS,
            "private": False,
            "last_message_id": 0,
            "created_at": created,
        }
        return ChannelDTO(id=channel_id, type=int(kind), name=name, **(base | fields))  # type: ignore[arg-type]

    assert listing == [
        dto(world.category_id, "text", ChannelType.GUILD_CATEGORY),
        dto(
            world.general_id,
            "general",
            ChannelType.GUILD_TEXT,
            parent_id=world.category_id,
            roles=[layout.general_role],
        ),
        dto(
            layout.lobby,
            "lobby",
            ChannelType.GUILD_VOICE,
            parent_id=world.category_id,
            position=1,
        ),
        # Its category "staff" is private and hidden: no parent rather than a hidden id.
        dto(layout.mods, "mods", ChannelType.GUILD_TEXT, position=3, permissions=3),
        dto(
            layout.thread,
            "thread",
            ChannelType.THREAD,
            parent_id=world.general_id,
            position=5,
        ),
    ]


async def test_an_override_reveals_a_private_channel_and_its_threads(world: World) -> None:
    layout = await lay_out(world)
    role = await world.grant(0)
    await world.override(layout.secret, role, accept=Permission.VIEW_CHANNELS, deny=0)

    assert await names_for(world, GRANTED) == [
        ("text", None),
        ("general", "text"),
        ("lobby", "text"),
        ("mods", None),
        ("secret", None),
        ("thread", "general"),
        ("hidden", "secret"),
    ]


async def test_an_override_denying_view_keeps_a_private_channel_hidden(world: World) -> None:
    layout = await lay_out(world)
    role = await world.grant(0)
    await world.override(layout.secret, role, accept=0, deny=Permission.VIEW_CHANNELS)

    assert ("secret", None) not in await names_for(world, GRANTED)


@pytest.mark.parametrize("actor", [OWNER, GRANTED])
async def test_owner_and_administrators_see_every_channel(world: World, actor: int) -> None:
    await lay_out(world)
    await world.grant(Permission.ADMINISTRATOR)

    assert await names_for(world, actor) == [
        ("text", None),
        ("general", "text"),
        ("lobby", "text"),
        ("staff", None),
        ("mods", "staff"),
        ("secret", "staff"),
        ("thread", "general"),
        ("hidden", "secret"),
    ]


async def test_strangers_are_refused_with_403(world: World) -> None:
    handler = ListGuildChannelsHandler(uow=world.fakes.uow)

    await assert_refused(
        world.fakes,
        lambda: handler(ListGuildChannels(actor_id=STRANGER, guild_id=world.guild_id)),
        Forbidden,
        "not a member",
    )


async def test_unknown_guild_is_404(world: World) -> None:
    handler = ListGuildChannelsHandler(uow=world.fakes.uow)

    await assert_refused(
        world.fakes,
        lambda: handler(ListGuildChannels(actor_id=OWNER, guild_id=world.guild_id + 1)),
        NotFound,
        "guild not found",
    )
