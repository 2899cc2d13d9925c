"""Checking the attachments a message wants to carry (spec §11.1, §15 handlers_test)."""

from collections.abc import Sequence

from application.errors import Invalid
from application.ports.attachment_store import Attachment, AttachmentStore
from domain.messages import MAX_ATTACHMENTS

INVALID_ATTACHMENTS = "invalid attachments"


async def validated_attachments(
    store: AttachmentStore, channel_id: int, author_id: int, ids: Sequence[int], now_ms: int
) -> list[Attachment]:
    """The attachments in request order, or 400 ``invalid attachments``.

    Every id must be unique, uploaded to this channel, finished (``done``) and the author's
    own; one channel-scoped lookup serves them all, and duplicates are refused before it.
    Parley also refuses more than ten, so a message cannot make its readers fetch unbounded
    lists (GoChat set no limit).
    """
    if not ids:
        return []
    if len(set(ids)) != len(ids) or len(ids) > MAX_ATTACHMENTS:
        raise Invalid(INVALID_ATTACHMENTS)
    found = {a.id: a for a in await store.get_many(channel_id, ids, now_ms)}
    ordered: list[Attachment] = []
    for attachment_id in ids:
        attachment = found.get(attachment_id)
        if attachment is None or not attachment.done or attachment.author_id != author_id:
            raise Invalid(INVALID_ATTACHMENTS)
        ordered.append(attachment)
    return ordered
