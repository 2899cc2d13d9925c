from sqlalchemy import select
from typing_extensions import override

from adapters.sql.dialect import replacing_statement
from adapters.sql.engine import Database
from adapters.sql.message_tables import read_states
from application.ports.read_state_store import ReadStateStore


class SqlReadStateStore(ReadStateStore):
    """One ``read_states`` row per (user, channel); GoChat kept a map per user instead."""

    def __init__(self, database: Database) -> None:
        self._database = database

    @override
    async def set(self, user_id: int, channel_id: int, message_id: int) -> None:
        statement = replacing_statement(
            self._database.dialect, read_states, ("user_id", "channel_id")
        )
        values = {"user_id": user_id, "channel_id": channel_id, "message_id": message_id}
        async with self._database.write(one_statement=True) as connection:
            await connection.execute(statement, values)

    @override
    async def get_all(self, user_id: int) -> dict[int, int]:
        statement = select(read_states.c.channel_id, read_states.c.message_id).where(
            read_states.c.user_id == user_id
        )
        async with self._database.read(one_statement=True) as connection:
            rows = (await connection.execute(statement)).all()
        return {row.channel_id: row.message_id for row in rows}
