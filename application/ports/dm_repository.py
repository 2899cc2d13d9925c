from abc import abstractmethod
from typing import Protocol


class DmRepository(Protocol):
    """Participants of direct (type 3) and group (type 4) DM channels."""

    @abstractmethod
    async def find_between(self, user_id: int, other_id: int) -> int | None:
        """The 1:1 DM channel id shared by two users, if any."""

    @abstractmethod
    async def add_participants(self, channel_id: int, user_ids: list[int]) -> None:
        """Add users to a DM or group DM (idempotent)."""

    @abstractmethod
    async def participants(self, channel_id: int) -> list[int]:
        """User ids in a DM or group DM; empty for any other channel, which denies access."""

    @abstractmethod
    async def channels_of(self, user_id: int) -> list[int]:
        """DM and group DM channel ids the user takes part in."""
