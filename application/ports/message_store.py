from abc import abstractmethod
from collections.abc import Iterable
from typing import Protocol

from domain.messages import Message


class MessageStore(Protocol):
    """Messages per channel, read newest-first or oldest-first from an anchor id.

    A write is durable when the call returns: the API acknowledges only after that.
    """

    @abstractmethod
    async def add(self, message: Message) -> None:
        """Store a new message; durable when this returns."""

    @abstractmethod
    async def get(self, channel_id: int, message_id: int) -> Message | None:
        """One message, looked up within its channel (ids of other channels are not found)."""

    @abstractmethod
    async def update(self, message: Message) -> None:
        """Store content, embeds, flags and edit time."""

    @abstractmethod
    async def delete(self, channel_id: int, message_id: int) -> None:
        """Remove a message; its attachments' objects are left in place, as in GoChat."""

    @abstractmethod
    async def before(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        """Messages with ``id <= anchor``, newest first."""

    @abstractmethod
    async def after(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        """Messages with ``id >= anchor``, oldest first."""

    @abstractmethod
    async def delete_channels(self, channel_ids: Iterable[int]) -> None:
        """Drop every message of the given channels (channel or guild deletion)."""
