"""Messages in GoChat's daily partitions, with history walking only the days that hold messages.

A message lives in partition ``(channel_id, bucket_of(id))`` (spec §5: whole days since the
snowflake epoch), clustered by id newest first. A history page therefore spans partitions:
``before`` reads from the anchor's bucket downwards, ``after`` from it upwards, each bucket one
prepared query with ``LIMIT`` set to the rows still missing, until the page is full.

GoChat walks every day between the anchor and the channel's first (``before``) or last
(``after``) message, so an idle week costs seven empty queries, and a years-old channel read
from its start costs one query per day of its life. Parley keeps ``message_buckets``, the buckets
each channel ever wrote to, instead: a page costs one query on the anchor's bucket, and only if
that leaves it short, one query for the next few buckets of the index plus one per bucket read.
Empty days cost nothing; a day whose messages were all deleted stays in the index and costs one
empty query (entries are never pruned, because pruning would race with a concurrent send).
The same index tells ``delete_channels`` exactly which partitions to drop.

The index row is written before the message, so a message is never stored where history cannot
find it; a failure in between leaves at most an empty bucket in the index. Each store remembers
the (channel, bucket) pairs it already indexed, so only the first message of a channel per day
and process pays the extra write. (A store that deleted a channel forgets its pairs; another
process may still remember them, which matters only if the deleted channel is written to again,
and channel ids are never reused.)
"""

import asyncio
from collections import OrderedDict
from collections.abc import Iterable

from typing_extensions import override

from adapters.scylla.mappers import (
    message_from_row,
    message_values,
    timestamp_value,
)
from adapters.scylla.session import ScyllaSession
from application.ports.message_store import MessageStore
from domain.ids import MAX_ID, bucket_of
from domain.messages import Message

INDEX_CHUNK = 8
"""Buckets fetched from the index per query while a page is still short."""

KNOWN_BUCKETS = 65_536
"""(channel, bucket) pairs remembered as indexed, least recently used dropped first."""

_INSERT = (
    "INSERT INTO messages (channel_id, bucket, id, user_id, content, type, attachments, embeds, "
    "auto_embeds, flags, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_GET = (
    "SELECT id, channel_id, user_id, content, type, attachments, embeds, auto_embeds, flags, "
    "toUnixTimestamp(edited_at) AS edited_at FROM messages "
    "WHERE channel_id = ? AND bucket = ? AND id = ?"
)
# IF EXISTS (a lightweight transaction) because a plain UPDATE is an upsert: editing a message
# deleted a moment ago would otherwise leave a headless row behind. Edits are rare enough.
_UPDATE = (
    "UPDATE messages SET content = ?, embeds = ?, auto_embeds = ?, flags = ?, edited_at = ? "
    "WHERE channel_id = ? AND bucket = ? AND id = ? IF EXISTS"
)
_DELETE = "DELETE FROM messages WHERE channel_id = ? AND bucket = ? AND id = ?"
_DESCENDING = (
    "SELECT id, channel_id, user_id, content, type, attachments, embeds, auto_embeds, flags, "
    "toUnixTimestamp(edited_at) AS edited_at FROM messages "
    "WHERE channel_id = ? AND bucket = ? AND id <= ? LIMIT ?"
)
_ASCENDING = (
    "SELECT id, channel_id, user_id, content, type, attachments, embeds, auto_embeds, flags, "
    "toUnixTimestamp(edited_at) AS edited_at FROM messages "
    "WHERE channel_id = ? AND bucket = ? AND id >= ? ORDER BY id ASC LIMIT ?"
)
_INDEX = "INSERT INTO message_buckets (channel_id, bucket) VALUES (?, ?)"
_OLDER_BUCKETS = (
    "SELECT bucket FROM message_buckets WHERE channel_id = ? AND bucket < ? "
    "ORDER BY bucket DESC LIMIT ?"
)
_NEWER_BUCKETS = (
    "SELECT bucket FROM message_buckets WHERE channel_id = ? AND bucket > ? "
    "ORDER BY bucket ASC LIMIT ?"
)
_ALL_BUCKETS = "SELECT bucket FROM message_buckets WHERE channel_id = ?"
_DROP_PARTITION = "DELETE FROM messages WHERE channel_id = ? AND bucket = ?"
_DROP_INDEX = "DELETE FROM message_buckets WHERE channel_id = ?"


class ScyllaMessageStore(MessageStore):
    """Messages keyed ``((channel_id, bucket), id)`` as in GoChat; history per the module doc.

    Writes are durable at the session's consistency level when they return. Adding an existing
    id replaces the message, as a Cassandra insert does.
    """

    def __init__(self, session: ScyllaSession, *, known_buckets: int = KNOWN_BUCKETS) -> None:
        self._session = session
        self._known: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._known_limit = known_buckets

    @override
    async def add(self, message: Message) -> None:
        bucket = bucket_of(message.id)
        await self._index(message.channel_id, bucket)
        await self._session.execute(_INSERT, message_values(message, bucket))

    @override
    async def get(self, channel_id: int, message_id: int) -> Message | None:
        if not 0 <= message_id <= MAX_ID:
            return None
        rows = await self._session.execute(_GET, (channel_id, bucket_of(message_id), message_id))
        return message_from_row(rows[0]) if rows else None

    @override
    async def update(self, message: Message) -> None:
        await self._session.execute(_UPDATE, _update_values(message), idempotent=False)

    @override
    async def delete(self, channel_id: int, message_id: int) -> None:
        if 0 <= message_id <= MAX_ID:
            await self._session.execute(_DELETE, (channel_id, bucket_of(message_id), message_id))

    @override
    async def before(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        if limit <= 0 or anchor < 0:
            return []
        return await self._walk(_DESCENDING, _OLDER_BUCKETS, channel_id, min(anchor, MAX_ID), limit)

    @override
    async def after(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        if limit <= 0 or anchor > MAX_ID:
            return []
        return await self._walk(_ASCENDING, _NEWER_BUCKETS, channel_id, max(anchor, 0), limit)

    @override
    async def delete_channels(self, channel_ids: Iterable[int]) -> None:
        doomed = list(dict.fromkeys(channel_ids))
        indexes = await asyncio.gather(
            *(self._session.execute(_ALL_BUCKETS, (channel_id,)) for channel_id in doomed)
        )
        partitions = [
            (channel_id, row["bucket"])
            for channel_id, rows in zip(doomed, indexes, strict=True)
            for row in rows
        ]
        # partitions first: if this fails half-way, the index still leads a retry to the rest
        await self._session.execute_each(_DROP_PARTITION, partitions)
        await self._session.execute_each(_DROP_INDEX, [(channel_id,) for channel_id in doomed])
        gone = set(doomed)
        for key in [key for key in self._known if key[0] in gone]:
            del self._known[key]

    async def _walk(
        self, read: str, next_buckets: str, channel_id: int, anchor: int, limit: int
    ) -> list[Message]:
        """The anchor's bucket, then indexed buckets in ``next_buckets`` order, until full."""
        page = await self._read(read, channel_id, bucket_of(anchor), anchor, limit)
        start = bucket_of(anchor)
        while len(page) < limit:
            rows = await self._session.execute(next_buckets, (channel_id, start, INDEX_CHUNK))
            for row in rows:
                page += await self._read(read, channel_id, row["bucket"], anchor, limit - len(page))
                if len(page) == limit:
                    return page
            if len(rows) < INDEX_CHUNK:
                return page
            start = rows[-1]["bucket"]
        return page

    async def _read(
        self, cql: str, channel_id: int, bucket: int, anchor: int, limit: int
    ) -> list[Message]:
        rows = await self._session.execute(cql, (channel_id, bucket, anchor, limit))
        return [message_from_row(row) for row in rows]

    async def _index(self, channel_id: int, bucket: int) -> None:
        key = (channel_id, bucket)
        if key in self._known:
            self._known.move_to_end(key)
            return
        await self._session.execute(_INDEX, key)
        self._known[key] = None
        if len(self._known) > self._known_limit:
            self._known.popitem(last=False)


def _update_values(message: Message) -> tuple[object, ...]:
    return (
        message.content,
        message.embeds,
        message.auto_embeds,
        message.flags,
        timestamp_value(message.edited_at_ms),
        message.channel_id,
        bucket_of(message.id),
        message.id,
    )
