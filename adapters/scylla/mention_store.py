from typing_extensions import override

from adapters.scylla.mappers import (
    channel_mention_from_row,
    channel_mention_values,
    user_mention_from_row,
    user_mention_values,
)
from adapters.scylla.session import ScyllaSession
from application.ports.mention_store import ChannelMention, MentionStore, UserMention

_ADD_USER = "INSERT INTO mentions (user_id, channel_id, message_id, author_id) VALUES (?, ?, ?, ?)"
_ADD_CHANNEL = (
    "INSERT INTO channel_mentions (guild_id, channel_id, message_id, author_id, role_id, type) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_USER_AFTER = (
    "SELECT user_id, channel_id, message_id, author_id FROM mentions "
    "WHERE user_id = ? AND channel_id = ? AND message_id > ?"
)
_CHANNEL_AFTER = (
    "SELECT guild_id, channel_id, message_id, author_id, role_id, type FROM channel_mentions "
    "WHERE channel_id = ? AND message_id > ?"
)


class ScyllaMentionStore(MentionStore):
    """User pings per (user, channel), role and @everyone pings per channel.

    Both tables cluster by message id ascending, so "pings after my read state" is one slice of
    one partition, oldest first.

    Inserts are upserts on the primary key, which is what keeps a repeated mention once.
    """

    def __init__(self, session: ScyllaSession) -> None:
        self._session = session

    @override
    async def add_user_mentions(self, mentions: list[UserMention]) -> None:
        await self._session.execute_each(_ADD_USER, map(user_mention_values, mentions))

    @override
    async def add_channel_mentions(self, mentions: list[ChannelMention]) -> None:
        await self._session.execute_each(_ADD_CHANNEL, map(channel_mention_values, mentions))

    @override
    async def user_mentions_after(
        self, user_id: int, channel_id: int, after_id: int
    ) -> list[UserMention]:
        rows = await self._session.execute(_USER_AFTER, (user_id, channel_id, after_id))
        return [user_mention_from_row(row) for row in rows]

    @override
    async def channel_mentions_after(self, channel_id: int, after_id: int) -> list[ChannelMention]:
        rows = await self._session.execute(_CHANNEL_AFTER, (channel_id, after_id))
        return [channel_mention_from_row(row) for row in rows]
