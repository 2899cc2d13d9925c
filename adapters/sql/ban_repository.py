from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.cache_keys import ban_key
from adapters.sql.dialect import chunks, upsert
from adapters.sql.mappers import ban_from_row
from adapters.sql.read_cache import MISSING, NO_CACHE, TxCache
from adapters.sql.tables import banned
from application.ports.ban_repository import BanRepository
from domain.members import Ban


class SqlBanRepository(BanRepository):
    """Bans in ``banned`` (GoChat's Cassandra table, here beside the guild data).

    Whether a user is banned is cached per guild and user (history pages ask it per author).
    """

    def __init__(self, connection: AsyncConnection, cache: TxCache = NO_CACHE) -> None:
        self._connection = connection
        self._cache = cache

    @override
    async def add(self, ban: Ban) -> None:
        self._cache.invalidate([ban_key(ban.guild_id, ban.user_id)])
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
        self._cache.invalidate([ban_key(guild_id, user_id)])
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
        missing: list[int] = []
        for user_id in dict.fromkeys(user_ids):
            known = self._cache.get(ban_key(guild_id, user_id))
            if known is MISSING:
                missing.append(user_id)
            elif known:
                found.add(user_id)
        for batch in chunks(missing):
            result = await self._connection.execute(
                select(banned.c.user_id).where(
                    banned.c.guild_id == guild_id, banned.c.user_id.in_(batch)
                )
            )
            hits = set(result.scalars())
            for user_id in batch:
                self._cache.put(ban_key(guild_id, user_id), user_id in hits)
            found |= hits
        return found
