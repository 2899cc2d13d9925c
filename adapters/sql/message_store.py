from collections.abc import Iterable

from sqlalchemy import delete, select, update
from typing_extensions import override

from adapters.sql.dialect import chunks, upsert_replacing
from adapters.sql.engine import Database
from adapters.sql.message_mappers import message_from_row, message_values
from adapters.sql.message_tables import messages
from application.ports.message_store import MessageStore
from domain.messages import Message


class SqlMessageStore(MessageStore):
    """Messages keyed (channel_id, id): every history page is one range scan of that key.

    Each call is its own short transaction, committed before it returns (durable on return);
    most are one statement, which SQLite runs without BEGIN/COMMIT.
    Adding an existing id replaces it, as a Cassandra insert does.
    """

    def __init__(self, database: Database) -> None:
        self._database = database

    @override
    async def add(self, message: Message) -> None:
        values = message_values(message)
        async with self._database.write(one_statement=True) as connection:
            await connection.execute(
                upsert_replacing(connection, messages, values, ["channel_id", "id"])
            )

    @override
    async def get(self, channel_id: int, message_id: int) -> Message | None:
        statement = select(messages).where(
            messages.c.channel_id == channel_id, messages.c.id == message_id
        )
        async with self._database.read(one_statement=True) as connection:
            row = (await connection.execute(statement)).first()
        return None if row is None else message_from_row(row)

    @override
    async def update(self, message: Message) -> None:
        statement = (
            update(messages)
            .where(messages.c.channel_id == message.channel_id, messages.c.id == message.id)
            .values(
                content=message.content,
                embeds=message.embeds,
                auto_embeds=message.auto_embeds,
                flags=message.flags,
                edited_at=message.edited_at_ms,
            )
        )
        async with self._database.write(one_statement=True) as connection:
            await connection.execute(statement)

    @override
    async def delete(self, channel_id: int, message_id: int) -> None:
        statement = delete(messages).where(
            messages.c.channel_id == channel_id, messages.c.id == message_id
        )
        async with self._database.write(one_statement=True) as connection:
            await connection.execute(statement)

    @override
    async def before(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        statement = (
            select(messages)
            .where(messages.c.channel_id == channel_id, messages.c.id <= anchor)
            .order_by(messages.c.id.desc())
            .limit(limit)
        )
        async with self._database.read(one_statement=True) as connection:
            rows = (await connection.execute(statement)).all()
        return [message_from_row(row) for row in rows]

    @override
    async def after(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        statement = (
            select(messages)
            .where(messages.c.channel_id == channel_id, messages.c.id >= anchor)
            .order_by(messages.c.id)
            .limit(limit)
        )
        async with self._database.read(one_statement=True) as connection:
            rows = (await connection.execute(statement)).all()
        return [message_from_row(row) for row in rows]

    @override
    async def delete_channels(self, channel_ids: Iterable[int]) -> None:
        batches = list(chunks(channel_ids))
        if not batches:
            return
        async with self._database.write(one_statement=len(batches) == 1) as connection:
            for batch in batches:
                await connection.execute(delete(messages).where(messages.c.channel_id.in_(batch)))
