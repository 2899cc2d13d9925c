from collections.abc import Iterable
from typing import Any

from sqlalchemy import BigInteger, BindParameter, Integer, Select, bindparam, delete, select, update
from typing_extensions import override

from adapters.sql.dialect import chunks, replacing_statement
from adapters.sql.engine import Database
from adapters.sql.message_mappers import message_from_row, message_values
from adapters.sql.message_tables import messages
from application.ports.message_store import MessageStore
from domain.messages import Message

_channel = messages.c.channel_id == bindparam("channel_id")
_anchor: BindParameter[int] = bindparam("anchor", type_=BigInteger)
_limit: BindParameter[int] = bindparam("limit", type_=Integer)
_BEFORE = (
    select(messages)
    .where(_channel, messages.c.id <= _anchor)
    .order_by(messages.c.id.desc())
    .limit(_limit)
)
_AFTER = (
    select(messages).where(_channel, messages.c.id >= _anchor).order_by(messages.c.id).limit(_limit)
)
"""History pages, built once: they are the hottest reads (see ``dialect.replacing_statement``)."""


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
        statement = replacing_statement(self._database.dialect, messages, ("channel_id", "id"))
        async with self._database.write(one_statement=True) as connection:
            await connection.execute(statement, message_values(message))

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
        return await self._page(_BEFORE, channel_id, anchor, limit)

    @override
    async def after(self, channel_id: int, anchor: int, limit: int) -> list[Message]:
        return await self._page(_AFTER, channel_id, anchor, limit)

    async def _page(
        self, statement: Select[Any], channel_id: int, anchor: int, limit: int
    ) -> list[Message]:
        values = {"channel_id": channel_id, "anchor": anchor, "limit": limit}
        async with self._database.read(one_statement=True) as connection:
            rows = (await connection.execute(statement, values)).all()
        return [message_from_row(row) for row in rows]

    @override
    async def delete_channels(self, channel_ids: Iterable[int]) -> None:
        batches = list(chunks(channel_ids))
        if not batches:
            return
        async with self._database.write(one_statement=len(batches) == 1) as connection:
            for batch in batches:
                await connection.execute(delete(messages).where(messages.c.channel_id.in_(batch)))
