import copy
from collections.abc import Iterable, Mapping

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import StoreConflict
from application.ports.channel_repository import ChannelRepository
from domain.channels import Channel, sort_for_listing


class MemoryChannelRepository(ChannelRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, channel_id: int) -> Channel | None:
        channel = self._db.channels.get(channel_id)
        return copy.copy(channel) if channel else None

    @override
    async def add(self, channel: Channel) -> None:
        if channel.id in self._db.channels:
            raise StoreConflict("channel id already exists")
        self._db.channels[channel.id] = copy.copy(channel)

    @override
    async def update(self, channel: Channel) -> None:
        """Only the columns the port names: type, guild, position and last message stay put."""
        stored = self._db.channels.get(channel.id)
        if stored is None:
            return
        stored.name = channel.name
        stored.topic = channel.topic
        stored.private = channel.private
        stored.permissions = channel.permissions
        stored.parent_id = channel.parent_id
        stored.voice_region = channel.voice_region

    @override
    async def delete(self, channel_id: int) -> None:
        self._db.cascade_channel(channel_id)

    @override
    async def list_by_guild(self, guild_id: int) -> list[Channel]:
        """By position, then id (the order clients list channels in)."""
        mine = (c for c in self._db.channels.values() if c.guild_id == guild_id)
        return [copy.copy(c) for c in sort_for_listing(mine)]

    @override
    async def set_positions(self, guild_id: int, positions: Mapping[int, int]) -> list[int]:
        """Ids of other guilds' channels are ignored; the result keeps ``positions``' order."""
        moved: list[int] = []
        for channel_id, position in positions.items():
            channel = self._db.channels.get(channel_id)
            if channel is not None and channel.guild_id == guild_id:
                channel.position = position
                moved.append(channel_id)
        return moved

    @override
    async def set_last_message(self, channel_ids: Iterable[int], message_id: int) -> None:
        for channel_id in channel_ids:
            channel = self._db.channels.get(channel_id)
            if channel is not None and message_id > channel.last_message_id:
                channel.last_message_id = message_id
