from collections.abc import Sequence

from typing_extensions import override

from adapters.scylla.mappers import attachment_from_row, attachment_values
from adapters.scylla.session import ScyllaSession
from application.ports.attachment_store import Attachment, AttachmentStore
from application.ports.clock import Clock
from domain.ids import MAX_ID

TTL_MARGIN_S = 300
"""Seconds a lapsed placeholder is kept past ``expires_at`` before Cassandra drops it."""

MAX_TTL_S = 630_720_000
"""Cassandra's largest TTL (20 years)."""

_ADD = (
    "INSERT INTO attachments (channel_id, id, author_id, name, filesize, content_type, width, "
    "height, url, preview_url, done, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "USING TTL ?"
)
_GET_MANY = (
    "SELECT id, channel_id, author_id, name, filesize, content_type, width, height, url, "
    "preview_url, done, toUnixTimestamp(expires_at) AS expires_at FROM attachments "
    "WHERE channel_id = ? AND id IN ?"
)


class ScyllaAttachmentStore(AttachmentStore):
    """GoChat's ``attachments`` partitioned by channel; placeholders lapse by TTL.

    As in GoChat, a placeholder is written ``USING TTL`` and a finished attachment (or one
    without an expiry) is written with TTL 0, which makes it permanent; writing the finished
    row over the placeholder replaces every cell, TTL included. Readers do not rely on the TTL:
    they compare ``expires_at`` with their own time, so a placeholder is dead exactly at its
    expiry, and the TTL (``TTL_MARGIN_S`` later, to allow for clock skew between servers) only
    reclaims the space.
    """

    def __init__(self, session: ScyllaSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    @override
    async def add_placeholder(self, attachment: Attachment) -> None:
        await self._session.execute(_ADD, (*attachment_values(attachment), self._ttl(attachment)))

    @override
    async def get_many(self, channel_id: int, ids: Sequence[int], now_ms: int) -> list[Attachment]:
        """In the order of ``ids``, each at most once."""
        wanted = [i for i in dict.fromkeys(ids) if 0 <= i <= MAX_ID]
        if not wanted:
            return []
        rows = await self._session.execute(_GET_MANY, (channel_id, wanted))
        found = {row["id"]: attachment_from_row(row) for row in rows}
        return [found[i] for i in wanted if i in found and _is_live(found[i], now_ms)]

    def _ttl(self, attachment: Attachment) -> int:
        if attachment.done or attachment.expires_at_ms is None:
            return 0
        remaining_ms = max(attachment.expires_at_ms - self._clock.now_ms(), 0)
        return min(-(-remaining_ms // 1000) + TTL_MARGIN_S, MAX_TTL_S)


def _is_live(attachment: Attachment, now_ms: int) -> bool:
    if attachment.done:
        return True
    return attachment.expires_at_ms is None or attachment.expires_at_ms > now_ms
