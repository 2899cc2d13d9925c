from abc import abstractmethod
from typing import Protocol

import msgspec


class UserMention(msgspec.Struct, frozen=True):
    """A ping of one user by ``<@id>``; unread while ``message_id`` is past their read state."""

    user_id: int
    channel_id: int
    message_id: int
    author_id: int


class ChannelMention(msgspec.Struct, frozen=True):
    """A role (type 1) or @everyone (type 2) ping, stored once per channel for all readers."""

    guild_id: int
    channel_id: int
    message_id: int
    author_id: int
    role_id: int | None
    type: int


class MentionStore(Protocol):
    """Mentions kept so a returning user sees unread pings (settings ``mentions``)."""

    @abstractmethod
    async def add_user_mentions(self, mentions: list[UserMention]) -> None:
        """Store user pings; storing the same one twice keeps one copy."""

    @abstractmethod
    async def add_channel_mentions(self, mentions: list[ChannelMention]) -> None:
        """Store role and @everyone pings; storing the same one twice keeps one copy."""

    @abstractmethod
    async def user_mentions_after(
        self, user_id: int, channel_id: int, after_id: int
    ) -> list[UserMention]:
        """The user's pings in a channel after ``after_id`` (their read state), oldest first."""

    @abstractmethod
    async def channel_mentions_after(self, channel_id: int, after_id: int) -> list[ChannelMention]:
        """A channel's role and @everyone pings newer than ``after_id``, oldest first."""
