from collections.abc import Sequence

import msgspec
from typing_extensions import override

from application.ports.attachment_store import Attachment, AttachmentStore


class MemoryAttachmentStore(AttachmentStore):
    """Attachments by (channel, id). A placeholder lapses at ``expires_at_ms`` unless ``done``."""

    def __init__(self) -> None:
        self._attachments: dict[tuple[int, int], Attachment] = {}

    @override
    async def add_placeholder(self, attachment: Attachment) -> None:
        self._attachments[attachment.channel_id, attachment.id] = msgspec.structs.replace(
            attachment
        )

    @override
    async def get_many(self, channel_id: int, ids: Sequence[int], now_ms: int) -> list[Attachment]:
        """In the order of ``ids``, each at most once."""
        found: list[Attachment] = []
        for attachment_id in dict.fromkeys(ids):
            stored = self._attachments.get((channel_id, attachment_id))
            if stored is not None and _is_live(stored, now_ms):
                found.append(msgspec.structs.replace(stored))
        return found


def _is_live(attachment: Attachment, now_ms: int) -> bool:
    if attachment.done:
        return True
    return attachment.expires_at_ms is None or attachment.expires_at_ms > now_ms
