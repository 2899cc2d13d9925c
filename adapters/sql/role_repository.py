from collections.abc import Mapping

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.dialect import position_case
from adapters.sql.engine import insert_unique
from adapters.sql.mappers import role_from_row, role_values
from adapters.sql.tables import channel_roles_permissions, roles, user_roles
from application.ports.role_repository import RoleRepository
from domain.roles import Role, sort_roles


class SqlRoleRepository(RoleRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get(self, role_id: int) -> Role | None:
        row = (await self._connection.execute(select(roles).where(roles.c.id == role_id))).first()
        return None if row is None else role_from_row(row)

    @override
    async def list_by_guild(self, guild_id: int) -> list[Role]:
        statement = (
            select(roles).where(roles.c.guild_id == guild_id).order_by(roles.c.position, roles.c.id)
        )
        return [role_from_row(row) for row in await self._connection.execute(statement)]

    @override
    async def add(self, role: Role) -> None:
        await insert_unique(self._connection, insert(roles).values(role_values(role)))

    @override
    async def update(self, role: Role) -> None:
        await self._connection.execute(
            update(roles)
            .where(roles.c.id == role.id)
            .values(
                name=role.name,
                color=role.color,
                permissions=role.permissions,
                position=role.position,
            )
        )

    @override
    async def delete(self, role_id: int) -> None:
        for table in (user_roles, channel_roles_permissions):
            await self._connection.execute(delete(table).where(table.c.role_id == role_id))
        await self._connection.execute(delete(roles).where(roles.c.id == role_id))

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
        rows = await self._connection.execute(statement)
        return sort_roles(role_from_row(row) for row in rows)
