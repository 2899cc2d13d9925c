from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.engine import insert_unique
from adapters.sql.mappers import refresh_session_from_row, refresh_session_values
from adapters.sql.tables import refresh_sessions
from application.ports.refresh_session_repository import RefreshSessionRepository
from domain.accounts import RefreshSession


class SqlRefreshSessionRepository(RefreshSessionRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get(self, jti: str) -> RefreshSession | None:
        statement = select(refresh_sessions).where(refresh_sessions.c.jti == jti)
        row = (await self._connection.execute(statement)).first()
        return None if row is None else refresh_session_from_row(row)

    @override
    async def add(self, session: RefreshSession) -> None:
        await insert_unique(
            self._connection, insert(refresh_sessions).values(refresh_session_values(session))
        )

    @override
    async def mark_used(self, jti: str) -> bool:
        # One conditional UPDATE: of two concurrent refreshes exactly one sees a changed row.
        result = await self._connection.execute(
            update(refresh_sessions)
            .where(refresh_sessions.c.jti == jti, refresh_sessions.c.used.is_(False))
            .values(used=True)
        )
        return result.rowcount == 1

    @override
    async def revoke_family(self, family: str) -> None:
        await self._connection.execute(
            update(refresh_sessions).where(refresh_sessions.c.family == family).values(revoked=True)
        )

    @override
    async def revoke_user(self, user_id: int) -> None:
        await self._connection.execute(
            update(refresh_sessions)
            .where(refresh_sessions.c.user_id == user_id)
            .values(revoked=True)
        )
