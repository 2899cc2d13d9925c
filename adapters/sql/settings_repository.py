from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.dialect import upsert
from adapters.sql.tables import user_settings
from application.ports.settings_repository import SettingsRepository


class SqlSettingsRepository(SettingsRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get(self, user_id: int) -> tuple[bytes, int] | None:
        statement = select(user_settings.c.settings, user_settings.c.version).where(
            user_settings.c.user_id == user_id
        )
        row = (await self._connection.execute(statement)).first()
        return None if row is None else (bytes(row.settings), row.version)

    @override
    async def save(self, user_id: int, document: bytes) -> int:
        # GoChat's single-statement upsert (spec §6.1), returning the new version.
        statement = upsert(self._connection, user_settings).values(
            user_id=user_id, settings=document, version=1
        )
        statement = statement.on_conflict_do_update(
            index_elements=["user_id"],
            set_={
                "settings": statement.excluded.settings,
                "version": user_settings.c.version + 1,
            },
        )
        result = await self._connection.execute(statement.returning(user_settings.c.version))
        return int(result.scalar_one())
