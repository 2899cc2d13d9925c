from abc import abstractmethod
from typing import Protocol


class ReadStateStore(Protocol):
    """The last message each user has read, per channel."""

    @abstractmethod
    async def set(self, user_id: int, channel_id: int, message_id: int) -> None:
        """Overwrite the last read message; like GoChat, no monotonic check (it may move back)."""

    @abstractmethod
    async def get_all(self, user_id: int) -> dict[int, int]:
        """Channel id → last read message id."""
