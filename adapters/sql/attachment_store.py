from collections.abc import Sequence

from sqlalchemy import or_, select
from typing_extensions import override

from adapters.sql.dialect import chunks, upsert_replacing
from adapters.sql.engine import Database
from adapters.sql.message_mappers import attachment_from_row, attachment_values
from adapters.sql.message_tables import attachments
from application.ports.attachment_store import Attachment, AttachmentStore


class SqlAttachmentStore(AttachmentStore):
    """Attachment metadata; a placeholder lapses when ``expires_at`` passes unfinished.

    Cassandra dropped lapsed placeholders by TTL; here readers skip them by time instead.
    """

    def __init__(self, database: Database) -> None:
        self._database = database

    @override
    async def add_placeholder(self, attachment: Attachment) -> None:
        values = attachment_values(attachment)
        async with self._database.write(one_statement=True) as connection:
            await connection.execute(
                upsert_replacing(connection, attachments, values, ["channel_id", "id"])
            )

    @override
    async def get_many(self, channel_id: int, ids: Sequence[int], now_ms: int) -> list[Attachment]:
        """Live attachments among ``ids``, in the order the ids were asked for."""
        batches = list(chunks(ids))
        if not batches:
            return []
        live = or_(
            attachments.c.done.is_(True),
            attachments.c.expires_at.is_(None),
            attachments.c.expires_at > now_ms,
        )
        found: dict[int, Attachment] = {}
        async with self._database.read(one_statement=len(batches) == 1) as connection:
            for batch in batches:
                statement = select(attachments).where(
                    attachments.c.channel_id == channel_id, attachments.c.id.in_(batch), live
                )
                found.update(
                    (row.id, attachment_from_row(row))
                    for row in await connection.execute(statement)
                )
        return [found[i] for i in dict.fromkeys(ids) if i in found]
