from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.cache_keys import user_key
from adapters.sql.dialect import chunks
from adapters.sql.engine import insert_unique
from adapters.sql.mappers import Record, user_from_row, user_values
from adapters.sql.read_cache import MISSING, NO_CACHE, TxCache
from adapters.sql.tables import discriminators, users
from application.ports.user_repository import UserRepository
from domain.users import User


def _select_users() -> Select[*tuple[Any, ...]]:
    return select(*users.c, discriminators.c.discriminator).join(
        discriminators, discriminators.c.user_id == users.c.id
    )


class SqlUserRepository(UserRepository):
    """Users joined with their discriminator; ``get`` and ``get_many`` go through the cache."""

    def __init__(self, connection: AsyncConnection, cache: TxCache = NO_CACHE) -> None:
        self._connection = connection
        self._cache = cache

    @override
    async def get(self, user_id: int) -> User | None:
        row = await self._cache.through(user_key(user_id), lambda: self._load(user_id))
        return None if row is None else user_from_row(row)

    async def _load(self, user_id: int) -> Record | None:
        result = await self._connection.execute(_select_users().where(users.c.id == user_id))
        return result.first()

    @override
    async def get_many(self, user_ids: Iterable[int]) -> dict[int, User]:
        rows: dict[int, Record | None] = {}
        missing: list[int] = []
        for user_id in dict.fromkeys(user_ids):
            row = self._cache.get(user_key(user_id))
            if row is MISSING:
                missing.append(user_id)
            else:
                rows[user_id] = row
        for batch in chunks(missing):
            result = await self._connection.execute(_select_users().where(users.c.id.in_(batch)))
            loaded: dict[int, Record | None] = dict.fromkeys(batch)
            loaded.update((row.id, row) for row in result)
            for user_id, row in loaded.items():
                self._cache.put(user_key(user_id), row)
            rows.update(loaded)
        return {user_id: user_from_row(row) for user_id, row in rows.items() if row is not None}

    @override
    async def find_by_discriminator(self, discriminator: str) -> User | None:
        statement = _select_users().where(discriminators.c.discriminator == discriminator)
        row = (await self._connection.execute(statement)).first()
        return None if row is None else user_from_row(row)

    @override
    async def add(self, user: User) -> None:
        self._cache.invalidate([user_key(user.id)])
        await insert_unique(
            self._connection,
            insert(users).values(user_values(user)),
            insert(discriminators).values(user_id=user.id, discriminator=user.discriminator),
        )

    @override
    async def update(self, user: User) -> None:
        self._cache.invalidate([user_key(user.id)])
        await self._connection.execute(
            update(users)
            .where(users.c.id == user.id)
            .values(
                name=user.name,
                avatar=user.avatar,
                blocked=user.blocked,
                upload_limit=user.upload_limit,
            )
        )
