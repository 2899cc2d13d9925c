from sqlalchemy import select
from typing_extensions import override

from adapters.sql.dialect import upsert
from adapters.sql.engine import Database
from adapters.sql.message_mappers import (
    channel_mention_from_row,
    channel_mention_values,
    user_mention_from_row,
    user_mention_values,
)
from adapters.sql.message_tables import channel_mentions, mentions
from application.ports.mention_store import ChannelMention, MentionStore, UserMention


class SqlMentionStore(MentionStore):
    """User mentions keyed (user, channel, message); role and @everyone mentions per channel.

    Storing the same mention twice keeps one row.
    """

    def __init__(self, database: Database) -> None:
        self._database = database

    @override
    async def add_user_mentions(self, mentions_: list[UserMention]) -> None:
        if not mentions_:
            return
        async with self._database.write(one_statement=True) as connection:
            statement = upsert(connection, mentions).values(
                [user_mention_values(m) for m in mentions_]
            )
            await connection.execute(statement.on_conflict_do_nothing())

    @override
    async def add_channel_mentions(self, mentions_: list[ChannelMention]) -> None:
        if not mentions_:
            return
        async with self._database.write(one_statement=True) as connection:
            statement = upsert(connection, channel_mentions).values(
                [channel_mention_values(m) for m in mentions_]
            )
            await connection.execute(statement.on_conflict_do_nothing())

    @override
    async def user_mentions_after(
        self, user_id: int, channel_id: int, after_id: int
    ) -> list[UserMention]:
        statement = (
            select(mentions)
            .where(
                mentions.c.user_id == user_id,
                mentions.c.channel_id == channel_id,
                mentions.c.message_id > after_id,
            )
            .order_by(mentions.c.message_id)
        )
        async with self._database.read(one_statement=True) as connection:
            rows = (await connection.execute(statement)).all()
        return [user_mention_from_row(row) for row in rows]

    @override
    async def channel_mentions_after(self, channel_id: int, after_id: int) -> list[ChannelMention]:
        statement = (
            select(channel_mentions)
            .where(
                channel_mentions.c.channel_id == channel_id,
                channel_mentions.c.message_id > after_id,
            )
            .order_by(
                channel_mentions.c.message_id, channel_mentions.c.type, channel_mentions.c.role_id
            )
        )
        async with self._database.read(one_statement=True) as connection:
            rows = (await connection.execute(statement)).all()
        return [channel_mention_from_row(row) for row in rows]
