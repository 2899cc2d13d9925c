from abc import abstractmethod
from collections.abc import Iterable
from typing import Protocol

from domain.members import Ban


class BanRepository(Protocol):
    """Guild bans; banned users cannot rejoin and their messages read as redacted."""

    @abstractmethod
    async def add(self, ban: Ban) -> None:
        """Insert or replace the reason."""

    @abstractmethod
    async def remove(self, guild_id: int, user_id: int) -> None:
        """Lift a ban; lifting one that does not exist is not an error."""

    @abstractmethod
    async def list_by_guild(self, guild_id: int) -> list[Ban]:
        """Every ban of the guild, in a stable order (by user id)."""

    @abstractmethod
    async def banned_among(self, guild_id: int, user_ids: Iterable[int]) -> set[int]:
        """Which of ``user_ids`` are banned in the guild."""
