from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.engine import insert_unique
from adapters.sql.mappers import guild_from_row, guild_values
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
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get(self, guild_id: int) -> Guild | None:
        row = (
            await self._connection.execute(select(guilds).where(guilds.c.id == guild_id))
        ).first()
        return None if row is None else guild_from_row(row)

    @override
    async def add(self, guild: Guild) -> None:
        await insert_unique(self._connection, insert(guilds).values(guild_values(guild)))

    @override
    async def update(self, guild: Guild) -> None:
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

    @override
    async def list_for_user(self, user_id: int) -> list[Guild]:
        statement = (
            select(guilds)
            .join(members, members.c.guild_id == guilds.c.id)
            .where(members.c.user_id == user_id)
            .order_by(guilds.c.id)
        )
        return [guild_from_row(row) for row in await self._connection.execute(statement)]
