from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.dialect import chunks, upsert
from adapters.sql.mappers import ban_from_row
from adapters.sql.tables import banned
from application.ports.ban_repository import BanRepository
from domain.members import Ban


class SqlBanRepository(BanRepository):
    """Bans in ``banned`` (GoChat's Cassandra table, here beside the guild data)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def add(self, ban: Ban) -> None:
        statement = upsert(self._connection, banned).values(
            guild_id=ban.guild_id, user_id=ban.user_id, reason=ban.reason
        )
        await self._connection.execute(
            statement.on_conflict_do_update(
                index_elements=["guild_id", "user_id"], set_={"reason": ban.reason}
            )
        )

    @override
    async def remove(self, guild_id: int, user_id: int) -> None:
        await self._connection.execute(
            delete(banned).where(banned.c.guild_id == guild_id, banned.c.user_id == user_id)
        )

    @override
    async def list_by_guild(self, guild_id: int) -> list[Ban]:
        statement = select(banned).where(banned.c.guild_id == guild_id).order_by(banned.c.user_id)
        return [ban_from_row(row) for row in await self._connection.execute(statement)]

    @override
    async def banned_among(self, guild_id: int, user_ids: Iterable[int]) -> set[int]:
        found: set[int] = set()
        for batch in chunks(user_ids):
            result = await self._connection.execute(
                select(banned.c.user_id).where(
                    banned.c.guild_id == guild_id, banned.c.user_id.in_(batch)
                )
            )
            found.update(result.scalars())
        return found
