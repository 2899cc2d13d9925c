from abc import abstractmethod
from collections.abc import Sequence
from typing import Protocol

import msgspec


class Attachment(msgspec.Struct, kw_only=True):
    """An attachment's metadata; ``done`` once its bytes were uploaded and checked."""

    id: int
    channel_id: int
    author_id: int
    filename: str
    size: int
    content_type: str | None = None
    width: int | None = None
    height: int | None = None
    url: str = ""
    preview_url: str | None = None
    done: bool = False
    expires_at_ms: int | None = None


class AttachmentStore(Protocol):
    """Attachment placeholders and finished attachments, per channel."""

    @abstractmethod
    async def add_placeholder(self, attachment: Attachment) -> None:
        """Store a pending attachment that lapses at ``expires_at_ms`` unless finalized."""

    @abstractmethod
    async def get_many(self, channel_id: int, ids: Sequence[int], now_ms: int) -> list[Attachment]:
        """Live (finished or unexpired) attachments among ``ids`` in this channel."""
