import msgspec

from application.ports.attachment_store import Attachment, AttachmentStore
from tests.contract.builders import BIG, T0


def attachment(attachment_id: int, channel_id: int = 10, **fields: object) -> Attachment:
    base = Attachment(
        id=attachment_id,
        channel_id=channel_id,
        author_id=7,
        filename=f"file{attachment_id}.png",
        size=1024,
        expires_at_ms=T0 + 1000,
    )
    return msgspec.structs.replace(base, **fields)


async def test_placeholder_reads_back_whole_until_it_lapses(attachments: AttachmentStore) -> None:
    stored = attachment(
        BIG,
        BIG + 1,
        content_type="image/png",
        width=640,
        height=480,
        url="https://cdn/x.png",
        preview_url="https://cdn/x.webp",
        size=5_000_000_000,
    )
    await attachments.add_placeholder(stored)
    assert await attachments.get_many(BIG + 1, [BIG], T0) == [stored]
    assert await attachments.get_many(BIG + 1, [BIG], T0 + 1000) == []
    assert await attachments.get_many(10, [BIG], T0) == []  # another channel


async def test_done_and_unexpiring_attachments_stay_live(attachments: AttachmentStore) -> None:
    await attachments.add_placeholder(attachment(1, done=True))
    await attachments.add_placeholder(attachment(2, expires_at_ms=None))
    await attachments.add_placeholder(attachment(3))
    live = await attachments.get_many(10, [1, 2, 3], T0 + 5000)
    assert [a.id for a in live] == [1, 2]


async def test_get_many_keeps_the_asked_order_once_each(attachments: AttachmentStore) -> None:
    for attachment_id in (1, 2, 3):
        await attachments.add_placeholder(attachment(attachment_id))
    found = await attachments.get_many(10, [3, 404, 1, 3, 2], T0)
    assert [a.id for a in found] == [3, 1, 2]
    assert await attachments.get_many(10, [], T0) == []


async def test_placeholder_added_again_replaces(attachments: AttachmentStore) -> None:
    await attachments.add_placeholder(attachment(1))
    await attachments.add_placeholder(attachment(1, done=True, url="https://cdn/1"))
    assert await attachments.get_many(10, [1], T0 + 5000) == [
        attachment(1, done=True, url="https://cdn/1")
    ]
