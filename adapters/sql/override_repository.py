from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.cache_keys import Rows, overrides_key, user_override_key
from adapters.sql.dialect import upsert
from adapters.sql.mappers import Record, override_from_row
from adapters.sql.read_cache import NO_CACHE, TxCache
from adapters.sql.tables import (
    channel_roles_permissions as role_overrides,
    channel_user_permissions as user_overrides,
)
from application.ports.override_repository import OverrideRepository
from domain.permissions import Override


class SqlOverrideRepository(OverrideRepository):
    """Role overrides in ``channel_roles_permissions``; user overrides are only read.

    Both are cached per channel (and user); nothing in Parley writes user overrides yet, so
    only channel and guild deletes drop those.
    """

    def __init__(self, connection: AsyncConnection, cache: TxCache = NO_CACHE) -> None:
        self._connection = connection
        self._cache = cache

    @override
    async def list_for_channel(self, channel_id: int) -> dict[int, Override]:
        rows = await self._cache.through(overrides_key(channel_id), lambda: self._load(channel_id))
        return {row.role_id: override_from_row(row) for row in rows}

    async def _load(self, channel_id: int) -> Rows:
        result = await self._connection.execute(
            select(role_overrides.c.role_id, role_overrides.c.accept, role_overrides.c.deny)
            .where(role_overrides.c.channel_id == channel_id)
            .order_by(role_overrides.c.role_id)
        )
        return tuple(result.all())

    @override
    async def put(self, channel_id: int, role_id: int, override: Override) -> None:
        self._cache.invalidate([overrides_key(channel_id)])
        statement = upsert(self._connection, role_overrides).values(
            channel_id=channel_id, role_id=role_id, accept=override.accept, deny=override.deny
        )
        await self._connection.execute(
            statement.on_conflict_do_update(
                index_elements=["channel_id", "role_id"],
                set_={"accept": override.accept, "deny": override.deny},
            )
        )

    @override
    async def update(self, channel_id: int, role_id: int, override: Override) -> bool:
        self._cache.invalidate([overrides_key(channel_id)])
        result = await self._connection.execute(
            update(role_overrides)
            .where(role_overrides.c.channel_id == channel_id, role_overrides.c.role_id == role_id)
            .values(accept=override.accept, deny=override.deny)
        )
        return result.rowcount == 1

    @override
    async def delete(self, channel_id: int, role_id: int) -> None:
        self._cache.invalidate([overrides_key(channel_id)])
        await self._connection.execute(
            delete(role_overrides).where(
                role_overrides.c.channel_id == channel_id, role_overrides.c.role_id == role_id
            )
        )

    @override
    async def get_user_override(self, channel_id: int, user_id: int) -> Override | None:
        row = await self._cache.through(
            user_override_key(channel_id, user_id), lambda: self._load_user(channel_id, user_id)
        )
        return None if row is None else override_from_row(row)

    async def _load_user(self, channel_id: int, user_id: int) -> Record | None:
        statement = select(user_overrides.c.accept, user_overrides.c.deny).where(
            user_overrides.c.channel_id == channel_id, user_overrides.c.user_id == user_id
        )
        return (await self._connection.execute(statement)).first()
