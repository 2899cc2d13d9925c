from collections import defaultdict

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.cache_keys import Rows, member_key
from adapters.sql.dialect import upsert
from adapters.sql.mappers import member_from_row, member_values
from adapters.sql.read_cache import NO_CACHE, TxCache
from adapters.sql.tables import members, user_roles
from application.ports.member_repository import MemberRepository
from domain.members import Member

_member_columns = (
    members.c.guild_id,
    members.c.user_id,
    members.c.username,
    members.c.avatar,
    members.c.join_at,
)


class SqlMemberRepository(MemberRepository):
    """``members`` rows with role ids from ``user_roles`` (sorted by role id)."""

    def __init__(self, connection: AsyncConnection, cache: TxCache = NO_CACHE) -> None:
        self._connection = connection
        self._cache = cache

    @override
    async def get(self, guild_id: int, user_id: int) -> Member | None:
        rows = await self._cache.through(
            member_key(guild_id, user_id), lambda: self._load(guild_id, user_id)
        )
        if not rows:
            return None
        role_ids = [row.role_id for row in rows if row.role_id is not None]
        return member_from_row(rows[0], role_ids)

    async def _load(self, guild_id: int, user_id: int) -> Rows:
        """The member with its role ids in one statement: one row per role, or one without."""
        assigned = and_(
            user_roles.c.guild_id == members.c.guild_id, user_roles.c.user_id == members.c.user_id
        )
        statement = (
            select(*_member_columns, user_roles.c.role_id)
            .select_from(members.outerjoin(user_roles, assigned))
            .where(members.c.guild_id == guild_id, members.c.user_id == user_id)
            .order_by(user_roles.c.role_id)
        )
        return tuple((await self._connection.execute(statement)).all())

    @override
    async def list_by_guild(self, guild_id: int) -> list[Member]:
        # Two index-backed scans of the guild instead of one role query per member.
        assignments = await self._connection.execute(
            select(user_roles.c.user_id, user_roles.c.role_id)
            .where(user_roles.c.guild_id == guild_id)
            .order_by(user_roles.c.user_id, user_roles.c.role_id)
        )
        role_ids: defaultdict[int, list[int]] = defaultdict(list)
        for user_id, role_id in assignments:
            role_ids[user_id].append(role_id)
        rows = await self._connection.execute(
            select(*_member_columns)
            .where(members.c.guild_id == guild_id)
            .order_by(members.c.user_id)
        )
        return [member_from_row(row, role_ids.get(row.user_id, [])) for row in rows]

    @override
    async def add(self, member: Member) -> bool:
        self._cache.invalidate([member_key(member.guild_id, member.user_id)])
        statement = upsert(self._connection, members).values(member_values(member))
        result = await self._connection.execute(
            statement.on_conflict_do_nothing(index_elements=["guild_id", "user_id"])
        )
        if result.rowcount != 1:
            return False
        if member.role_ids:
            await self._connection.execute(
                upsert(self._connection, user_roles)
                .values(
                    [
                        {"guild_id": member.guild_id, "user_id": member.user_id, "role_id": r}
                        for r in dict.fromkeys(member.role_ids)
                    ]
                )
                .on_conflict_do_nothing()
            )
        return True

    @override
    async def remove(self, guild_id: int, user_id: int) -> None:
        self._cache.invalidate([member_key(guild_id, user_id)])
        for table in (user_roles, members):
            await self._connection.execute(
                delete(table).where(table.c.guild_id == guild_id, table.c.user_id == user_id)
            )

    @override
    async def count(self, guild_id: int) -> int:
        statement = select(func.count()).select_from(members).where(members.c.guild_id == guild_id)
        return int((await self._connection.execute(statement)).scalar_one())

    @override
    async def add_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        self._cache.invalidate([member_key(guild_id, user_id)])
        statement = upsert(self._connection, user_roles).values(
            guild_id=guild_id, user_id=user_id, role_id=role_id
        )
        await self._connection.execute(statement.on_conflict_do_nothing())

    @override
    async def remove_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        self._cache.invalidate([member_key(guild_id, user_id)])
        await self._connection.execute(
            delete(user_roles).where(
                user_roles.c.guild_id == guild_id,
                user_roles.c.user_id == user_id,
                user_roles.c.role_id == role_id,
            )
        )
