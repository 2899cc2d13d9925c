import copy
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable

from typing_extensions import override

from application.ports.message_store import MessageStore
from domain.messages import Message


class _Channel:
    """One channel's messages plus their ids kept sorted, so paging is a bisect, not a sort."""

    __slots__ = ("by_id", "ids")

    def __init__(self) -> None:
        self.by_id: dict[int, Message] = {}
        self.ids: list[int] = []


class MemoryMessageStore(MessageStore):
    """Messages per channel. Writes behave like Cassandra upserts: adding an id twice replaces."""

    def __init__(self) -> None:
        self._channels: dict[int, _Channel] = {}

    @override
    async def add(self, message: Message) -> None:
        channel = self._channels.setdefault(message.channel_id, _Channel())
        if message.id not in channel.by_id:
            insort(channel.ids, message.id)
        channel.by_id[message.id] = copy.deepcopy(message)

    @override
    async def get(self, channel_id: int, message_id: int) -> Message | None:
        channel = self._channels.get(channel_id)
        stored = channel.by_id.get(message_id) if channel else None
        return copy.deepcopy(stored) if stored else None

    @override
    async def update(self, message: Message) -> None:
        channel = self._channels.get(message.channel_id)
        stored = channel.by_id.get(message.id) if channel else None
        if stored is None:
            return
        stored.content = message.content
        stored.embeds = message.embeds
        stored.auto_embeds = message.auto_embeds
        stored.flags = message.flags
        stored.edited_at_ms = message.edited_at_ms

    @override
    async def delete(self, channel_id: int, message_id: int) -> None:
        channel = self._channels.get(channel_id)
        if channel is None or channel.by_id.pop(message_id, None) is None:
            return
        del channel.ids[bisect_left(channel.ids, message_id)]

    @override
    async def before(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        channel = self._channels.get(channel_id)
        if channel is None or limit <= 0:
            return []
        end = bisect_right(channel.ids, anchor)
        picked = channel.ids[max(end - limit, 0) : end]
        return [copy.deepcopy(channel.by_id[i]) for i in reversed(picked)]

    @override
    async def after(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        channel = self._channels.get(channel_id)
        if channel is None or limit <= 0:
            return []
        start = bisect_left(channel.ids, anchor)
        picked = channel.ids[start : start + limit]
        return [copy.deepcopy(channel.by_id[i]) for i in picked]

    @override
    async def delete_channels(self, channel_ids: Iterable[int]) -> None:
        for channel_id in channel_ids:
            self._channels.pop(channel_id, None)
