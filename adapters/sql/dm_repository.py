from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.dialect import upsert
from adapters.sql.tables import channels, dm_channels, group_dm_channels
from application.ports.dm_repository import DmRepository
from domain.channels import ChannelType


class SqlDmRepository(DmRepository):
    """Participants of 1:1 DMs and of group DMs; the channel's type picks the table.

    ``dm_channels`` holds one row per side of a DM, naming the other side, and
    ``group_dm_channels`` one row per member of a group.
    """

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def find_between(self, user_id: int, other_id: int) -> int | None:
        statement = (
            select(dm_channels.c.channel_id)
            .where(dm_channels.c.user_id == user_id, dm_channels.c.participant_id == other_id)
            .order_by(dm_channels.c.channel_id)
            .limit(1)
        )
        channel_id: int | None = (await self._connection.execute(statement)).scalar()
        return channel_id

    @override
    async def add_participants(self, channel_id: int, user_ids: list[int]) -> None:
        if not user_ids:
            return
        kind = await self._connection.execute(
            select(channels.c.type).where(channels.c.id == channel_id)
        )
        if kind.scalar() == ChannelType.DM:
            await self._add_direct(channel_id, user_ids)
            return
        statement = upsert(self._connection, group_dm_channels).values(
            [{"channel_id": channel_id, "user_id": user_id} for user_id in dict.fromkeys(user_ids)]
        )
        await self._connection.execute(statement.on_conflict_do_nothing())

    async def _add_direct(self, channel_id: int, user_ids: list[int]) -> None:
        """Write both sides; a side added before its partner is known names itself until then."""
        existing = await self._connection.execute(
            select(dm_channels.c.user_id).where(dm_channels.c.channel_id == channel_id)
        )
        everyone = list(dict.fromkeys([*existing.scalars(), *user_ids]))
        rows = [
            {
                "channel_id": channel_id,
                "user_id": user_id,
                "participant_id": next((other for other in everyone if other != user_id), user_id),
            }
            for user_id in everyone
        ]
        statement = upsert(self._connection, dm_channels).values(rows)
        await self._connection.execute(
            statement.on_conflict_do_update(
                index_elements=["channel_id", "user_id"],
                set_={"participant_id": statement.excluded.participant_id},
            )
        )

    @override
    async def participants(self, channel_id: int) -> list[int]:
        statement = union(
            select(dm_channels.c.user_id).where(dm_channels.c.channel_id == channel_id),
            select(group_dm_channels.c.user_id).where(group_dm_channels.c.channel_id == channel_id),
        ).order_by("user_id")
        return list((await self._connection.execute(statement)).scalars())

    @override
    async def channels_of(self, user_id: int) -> list[int]:
        statement = union(
            select(dm_channels.c.channel_id).where(dm_channels.c.user_id == user_id),
            select(group_dm_channels.c.channel_id).where(group_dm_channels.c.user_id == user_id),
        ).order_by("channel_id")
        return list((await self._connection.execute(statement)).scalars())
