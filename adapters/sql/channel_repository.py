from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import BigInteger, BindParameter, Select, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.cache_keys import USER_OVERRIDE, channel_key, every, overrides_key
from adapters.sql.dialect import chunks, position_case
from adapters.sql.engine import insert_unique
from adapters.sql.mappers import Record, channel_from_row, channel_values
from adapters.sql.read_cache import NO_CACHE, TxCache
from adapters.sql.tables import (
    channel_roles_permissions,
    channel_user_permissions,
    channels,
    dm_channels,
    group_dm_channels,
    guild_channels,
)
from application.ports.channel_repository import ChannelRepository
from domain.channels import Channel


def _select_channels() -> Select[*tuple[Any, ...]]:
    return select(*channels.c, guild_channels.c.guild_id, guild_channels.c.position).outerjoin(
        guild_channels, guild_channels.c.channel_id == channels.c.id
    )


_last: BindParameter[int] = bindparam("last", type_=BigInteger)
_RAISE_LAST_MESSAGE = (
    update(channels)
    .where(channels.c.id.in_(bindparam("ids", expanding=True)), channels.c.last_message < _last)
    .values(last_message=_last)
)
"""Runs on every message, so it is built once (see ``dialect.replacing_statement``)."""


class SqlChannelRepository(ChannelRepository):
    """``channels`` rows, linked to their guild and position through ``guild_channels``.

    Deleting a channel also drops its overrides, guild link and DM participants. A cached
    channel gets the newest last message recorded since it was read (the cache's floor).
    """

    def __init__(self, connection: AsyncConnection, cache: TxCache = NO_CACHE) -> None:
        self._connection = connection
        self._cache = cache

    @override
    async def get(self, channel_id: int) -> Channel | None:
        key = channel_key(channel_id)
        row = await self._cache.through(key, lambda: self._load(channel_id))
        if row is None:
            return None
        channel = channel_from_row(row)
        channel.last_message_id = max(channel.last_message_id, self._cache.floor(key))
        return channel

    async def _load(self, channel_id: int) -> Record | None:
        statement = _select_channels().where(channels.c.id == channel_id)
        return (await self._connection.execute(statement)).first()

    @override
    async def add(self, channel: Channel) -> None:
        self._cache.invalidate([channel_key(channel.id)])
        statements = [insert(channels).values(channel_values(channel))]
        if channel.guild_id is not None:
            link = {
                "guild_id": channel.guild_id,
                "channel_id": channel.id,
                "position": channel.position,
            }
            statements.append(insert(guild_channels).values(link))
        await insert_unique(self._connection, *statements)

    @override
    async def update(self, channel: Channel) -> None:
        self._cache.invalidate([channel_key(channel.id)])
        await self._connection.execute(
            update(channels)
            .where(channels.c.id == channel.id)
            .values(
                name=channel.name,
                topic=channel.topic,
                private=channel.private,
                permissions=channel.permissions,
                parent_id=channel.parent_id,
                voice_region=channel.voice_region,
            )
        )

    @override
    async def delete(self, channel_id: int) -> None:
        self._cache.invalidate(
            [channel_key(channel_id), overrides_key(channel_id), every(USER_OVERRIDE, channel_id)]
        )
        for table in (
            channel_roles_permissions,
            channel_user_permissions,
            guild_channels,
            dm_channels,
            group_dm_channels,
        ):
            await self._connection.execute(delete(table).where(table.c.channel_id == channel_id))
        await self._connection.execute(delete(channels).where(channels.c.id == channel_id))

    @override
    async def list_by_guild(self, guild_id: int) -> list[Channel]:
        statement = (
            _select_channels()
            .where(guild_channels.c.guild_id == guild_id)
            .order_by(guild_channels.c.position, channels.c.id)
        )
        return [channel_from_row(row) for row in await self._connection.execute(statement)]

    @override
    async def set_positions(self, guild_id: int, positions: Mapping[int, int]) -> list[int]:
        if not positions:
            return []
        # One UPDATE for the whole reorder, as GoChat's UPDATE … FROM unnest(...) does.
        statement = (
            update(guild_channels)
            .where(
                guild_channels.c.guild_id == guild_id,
                guild_channels.c.channel_id.in_(list(positions)),
            )
            .values(position=position_case(guild_channels.c.channel_id, positions))
            .returning(guild_channels.c.channel_id)
        )
        updated = set((await self._connection.execute(statement)).scalars())
        self._cache.invalidate(channel_key(channel_id) for channel_id in updated)
        return [channel_id for channel_id in positions if channel_id in updated]

    @override
    async def set_last_message(self, channel_ids: Iterable[int], message_id: int) -> None:
        """Only raises: a channel whose last message is newer keeps it."""
        for batch in chunks(channel_ids):
            self._cache.raise_floor(batch, message_id)
            await self._connection.execute(_RAISE_LAST_MESSAGE, {"ids": batch, "last": message_id})
