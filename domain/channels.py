"""Channels of every kind, their naming rules and GoChat's ordering conventions."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from domain.errors import ValidationError
from domain.text import NAME_PATTERN, length_problem

NAME_MIN, NAME_MAX = 2, 100
TOPIC_MAX = 1024


class ChannelType(IntEnum):
    GUILD_TEXT = 0
    GUILD_VOICE = 1
    GUILD_CATEGORY = 2
    DM = 3
    GROUP_DM = 4
    THREAD = 5


CREATABLE_IN_GUILD = frozenset(
    {
        ChannelType.GUILD_TEXT,
        ChannelType.GUILD_VOICE,
        ChannelType.GUILD_CATEGORY,
        ChannelType.THREAD,
    }
)
GUILD_TYPES = frozenset(
    {
        ChannelType.GUILD_TEXT,
        ChannelType.GUILD_VOICE,
        ChannelType.GUILD_CATEGORY,
        ChannelType.THREAD,
    }
)
MESSAGE_TYPES = frozenset(
    {ChannelType.GUILD_TEXT, ChannelType.DM, ChannelType.GROUP_DM, ChannelType.THREAD}
)


@dataclass(slots=True, kw_only=True)
class Channel:
    """Any channel. Guild channels carry ``guild_id`` and ``position``; DMs carry neither."""

    id: int
    type: ChannelType
    name: str = ""
    guild_id: int | None = None
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    permissions: int | None = None
    private: bool = False
    last_message_id: int = 0
    voice_region: str | None = None
    created_at_ms: int = 0

    @property
    def is_guild_channel(self) -> bool:
        return self.guild_id is not None

    @property
    def holds_messages(self) -> bool:
        return self.type in MESSAGE_TYPES


def validate_channel_name(name: str) -> None:
    problem = length_problem(name, NAME_MIN, NAME_MAX, "channel name")
    if problem is None and not NAME_PATTERN.fullmatch(name):
        problem = "channel name must contain only letters, digits, '_' or '-'"
    if problem:
        raise ValidationError.of({"name": problem})


def validate_topic(topic: str) -> None:
    problem = length_problem(topic, 0, TOPIC_MAX, "topic")
    if problem:
        raise ValidationError.of({"topic": problem})


def sort_for_listing(channels: Iterable[Channel]) -> list[Channel]:
    """Position ascending, ties broken by id (stable for clients)."""
    return sorted(channels, key=lambda c: (c.position, c.id))


def derive_parents(ordered: Sequence[Channel]) -> dict[int, int | None]:
    """GoChat's listing parent: text/voice channels sit under the nearest category above them.

    Categories have no parent; threads keep their stored parent.
    """
    parents: dict[int, int | None] = {}
    current: int | None = None
    for channel in ordered:
        if channel.type is ChannelType.GUILD_CATEGORY:
            current = channel.id
            parents[channel.id] = None
        elif channel.type is ChannelType.THREAD:
            parents[channel.id] = channel.parent_id
        else:
            parents[channel.id] = current
    return parents
