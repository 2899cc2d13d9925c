import copy
from collections.abc import Iterable

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.ports.ban_repository import BanRepository
from domain.members import Ban


class MemoryBanRepository(BanRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def add(self, ban: Ban) -> None:
        self._db.bans[ban.guild_id, ban.user_id] = copy.copy(ban)

    @override
    async def remove(self, guild_id: int, user_id: int) -> None:
        self._db.bans.pop((guild_id, user_id), None)

    @override
    async def list_by_guild(self, guild_id: int) -> list[Ban]:
        """By user id."""
        keys = sorted(k for k in self._db.bans if k[0] == guild_id)
        return [copy.copy(self._db.bans[k]) for k in keys]

    @override
    async def banned_among(self, guild_id: int, user_ids: Iterable[int]) -> set[int]:
        return {u for u in user_ids if (guild_id, u) in self._db.bans}
