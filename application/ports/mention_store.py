from abc import abstractmethod
from typing import Protocol

import msgspec


class UserMention(msgspec.Struct, frozen=True):
    user_id: int
    channel_id: int
    message_id: int
    author_id: int


class ChannelMention(msgspec.Struct, frozen=True):
    guild_id: int
    channel_id: int
    message_id: int
    author_id: int
    role_id: int | None
    type: int


class MentionStore(Protocol):
    """Mentions kept so a returning user sees unread pings (settings ``mentions``)."""

    @abstractmethod
    async def add_user_mentions(self, mentions: list[UserMention]) -> None: ...

    @abstractmethod
    async def add_channel_mentions(self, mentions: list[ChannelMention]) -> None: ...

    @abstractmethod
    async def user_mentions_after(
        self, user_id: int, channel_id: int, after_id: int
    ) -> list[UserMention]: ...

    @abstractmethod
    async def channel_mentions_after(
        self, channel_id: int, after_id: int
    ) -> list[ChannelMention]: ...
