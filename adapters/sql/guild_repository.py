from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.cache_keys import (
    BAN,
    MEMBER,
    USER_OVERRIDE,
    Key,
    channel_key,
    every,
    guild_key,
    overrides_key,
    roles_key,
)
from adapters.sql.engine import insert_unique
from adapters.sql.mappers import Record, guild_from_row, guild_values
from adapters.sql.read_cache import NO_CACHE, TxCache
from adapters.sql.tables import (
    banned,
    channel_roles_permissions,
    channel_user_permissions,
    channels,
    guild_channels,
    guild_invite_codes,
    guild_invites,
    guilds,
    members,
    roles,
    user_roles,
)
from application.ports.guild_repository import GuildRepository
from domain.guilds import Guild


class SqlGuildRepository(GuildRepository):
    """Guild rows; deleting one drops every cached lookup of the guild and of its channels."""

    def __init__(self, connection: AsyncConnection, cache: TxCache = NO_CACHE) -> None:
        self._connection = connection
        self._cache = cache

    @override
    async def get(self, guild_id: int) -> Guild | None:
        row = await self._cache.through(guild_key(guild_id), lambda: self._load(guild_id))
        return None if row is None else guild_from_row(row)

    async def _load(self, guild_id: int) -> Record | None:
        return (
            await self._connection.execute(select(guilds).where(guilds.c.id == guild_id))
        ).first()

    @override
    async def add(self, guild: Guild) -> None:
        self._cache.invalidate([guild_key(guild.id)])
        await insert_unique(self._connection, insert(guilds).values(guild_values(guild)))

    @override
    async def update(self, guild: Guild) -> None:
        self._cache.invalidate([guild_key(guild.id)])
        await self._connection.execute(
            update(guilds)
            .where(guilds.c.id == guild.id)
            .values(
                name=guild.name,
                icon=guild.icon,
                public=guild.public,
                permissions=guild.permissions,
                system_messages=guild.system_channel_id,
            )
        )

    @override
    async def delete(self, guild_id: int) -> None:
        # Channel-keyed rows first, while guild_channels still says which channels are the guild's.
        channel_ids = select(guild_channels.c.channel_id).where(
            guild_channels.c.guild_id == guild_id
        )
        self._forget(guild_id, list((await self._connection.execute(channel_ids)).scalars()))
        for table in (channel_roles_permissions, channel_user_permissions):
            await self._connection.execute(delete(table).where(table.c.channel_id.in_(channel_ids)))
        await self._connection.execute(delete(channels).where(channels.c.id.in_(channel_ids)))
        for table in (
            guild_channels,
            roles,
            user_roles,
            members,
            guild_invite_codes,
            guild_invites,
            banned,
        ):
            await self._connection.execute(delete(table).where(table.c.guild_id == guild_id))
        await self._connection.execute(delete(guilds).where(guilds.c.id == guild_id))

    def _forget(self, guild_id: int, channel_ids: list[int]) -> None:
        keys: list[Key[Any]] = [guild_key(guild_id), roles_key(guild_id), every(MEMBER, guild_id)]
        keys.append(every(BAN, guild_id))
        for channel_id in channel_ids:
            keys += [
                channel_key(channel_id),
                overrides_key(channel_id),
                every(USER_OVERRIDE, channel_id),
            ]
        self._cache.invalidate(keys)

    @override
    async def list_for_user(self, user_id: int) -> list[Guild]:
        statement = (
            select(guilds)
            .join(members, members.c.guild_id == guilds.c.id)
            .where(members.c.user_id == user_id)
            .order_by(guilds.c.id)
        )
        return [guild_from_row(row) for row in await self._connection.execute(statement)]
