from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.cache_keys import Key, Rows, member_key, overrides_key, roles_key
from adapters.sql.dialect import position_case
from adapters.sql.engine import insert_unique
from adapters.sql.mappers import role_from_row, role_values
from adapters.sql.read_cache import NO_CACHE, TxCache
from adapters.sql.tables import channel_roles_permissions, roles, user_roles
from application.ports.role_repository import RoleRepository
from domain.roles import Role, sort_roles


class SqlRoleRepository(RoleRepository):
    """``roles`` rows; a guild's role list is cached, and every change to a role drops it."""

    def __init__(self, connection: AsyncConnection, cache: TxCache = NO_CACHE) -> None:
        self._connection = connection
        self._cache = cache

    @override
    async def get(self, role_id: int) -> Role | None:
        row = (await self._connection.execute(select(roles).where(roles.c.id == role_id))).first()
        return None if row is None else role_from_row(row)

    @override
    async def list_by_guild(self, guild_id: int) -> list[Role]:
        rows = await self._cache.through(roles_key(guild_id), lambda: self._load(guild_id))
        return [role_from_row(row) for row in rows]

    async def _load(self, guild_id: int) -> Rows:
        statement = (
            select(roles).where(roles.c.guild_id == guild_id).order_by(roles.c.position, roles.c.id)
        )
        return tuple((await self._connection.execute(statement)).all())

    @override
    async def add(self, role: Role) -> None:
        self._cache.invalidate([roles_key(role.guild_id)])
        await insert_unique(self._connection, insert(roles).values(role_values(role)))

    @override
    async def update(self, role: Role) -> None:
        # RETURNING: the stored guild, not the entity's, names the cached list the role is in.
        updated = await self._connection.execute(
            update(roles)
            .where(roles.c.id == role.id)
            .values(
                name=role.name,
                color=role.color,
                permissions=role.permissions,
                position=role.position,
            )
            .returning(roles.c.guild_id)
        )
        self._cache.invalidate(roles_key(guild_id) for guild_id in updated.scalars())

    @override
    async def delete(self, role_id: int) -> None:
        """Also unassigns it and drops its overrides; RETURNING names what the cache must drop."""
        holders = await self._connection.execute(
            delete(user_roles)
            .where(user_roles.c.role_id == role_id)
            .returning(user_roles.c.guild_id, user_roles.c.user_id)
        )
        keys: list[Key[Any]] = [member_key(g, u) for g, u in holders]
        overridden = await self._connection.execute(
            delete(channel_roles_permissions)
            .where(channel_roles_permissions.c.role_id == role_id)
            .returning(channel_roles_permissions.c.channel_id)
        )
        keys += [overrides_key(channel_id) for channel_id in overridden.scalars()]
        deleted = await self._connection.execute(
            delete(roles).where(roles.c.id == role_id).returning(roles.c.guild_id)
        )
        keys += [roles_key(guild_id) for guild_id in deleted.scalars()]
        self._cache.invalidate(keys)

    @override
    async def set_positions(self, guild_id: int, positions: Mapping[int, int]) -> list[Role]:
        if not positions:
            return []
        statement = (
            update(roles)
            .where(roles.c.guild_id == guild_id, roles.c.id.in_(list(positions)))
            .values(position=position_case(roles.c.id, positions))
            .returning(*roles.c)
        )
        self._cache.invalidate([roles_key(guild_id)])
        rows = await self._connection.execute(statement)
        return sort_roles(role_from_row(row) for row in rows)
