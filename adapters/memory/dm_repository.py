from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.ports.dm_repository import DmRepository
from domain.channels import ChannelType


class MemoryDmRepository(DmRepository):
    """Participants per DM channel; lists come back in ascending id order."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def find_between(self, user_id: int, other_id: int) -> int | None:
        """Only a type-3 channel counts: a group DM that happens to hold the two does not."""
        pair = {user_id, other_id}
        for channel_id, users in sorted(self._db.dm_participants.items()):
            channel = self._db.channels.get(channel_id)
            if users == pair and channel is not None and channel.type is ChannelType.DM:
                return channel_id
        return None

    @override
    async def add_participants(self, channel_id: int, user_ids: list[int]) -> None:
        self._db.dm_participants.setdefault(channel_id, set()).update(user_ids)

    @override
    async def participants(self, channel_id: int) -> list[int]:
        return sorted(self._db.dm_participants.get(channel_id, ()))

    @override
    async def channels_of(self, user_id: int) -> list[int]:
        return sorted(c for c, users in self._db.dm_participants.items() if user_id in users)
