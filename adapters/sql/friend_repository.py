from sqlalchemy import BigInteger, Column, ColumnElement, and_, delete, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.dialect import upsert
from adapters.sql.tables import friend_requests as requests, friends
from application.ports.friend_repository import FriendRepository


def _between(
    user_column: Column[int], other_column: Column[int], user_id: int, other_id: int
) -> ColumnElement[bool]:
    return or_(
        and_(user_column == user_id, other_column == other_id),
        and_(user_column == other_id, other_column == user_id),
    )


class SqlFriendRepository(FriendRepository):
    """Friendships as two directed ``friends`` rows; requests keyed (recipient, sender).

    ``friend_requests.seq`` numbers a recipient's requests in arrival order, so "oldest first"
    needs no clock; ties between concurrent senders fall back to sender id.
    """

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def friends_of(self, user_id: int) -> list[int]:
        statement = (
            select(friends.c.friend_id)
            .where(friends.c.user_id == user_id)
            .order_by(friends.c.friend_id)
        )
        return list((await self._connection.execute(statement)).scalars())

    @override
    async def are_friends(self, user_id: int, other_id: int) -> bool:
        statement = select(friends.c.user_id).where(
            friends.c.user_id == user_id, friends.c.friend_id == other_id
        )
        return (await self._connection.execute(statement)).first() is not None

    @override
    async def befriend(self, user_id: int, other_id: int, now_ms: int) -> None:
        statement = upsert(self._connection, friends).values(
            [
                {"user_id": user_id, "friend_id": other_id, "created_at": now_ms},
                {"user_id": other_id, "friend_id": user_id, "created_at": now_ms},
            ]
        )
        await self._connection.execute(statement.on_conflict_do_nothing())
        await self._connection.execute(
            delete(requests).where(
                _between(requests.c.user_id, requests.c.friend_id, user_id, other_id)
            )
        )

    @override
    async def unfriend(self, user_id: int, other_id: int) -> None:
        await self._connection.execute(
            delete(friends).where(
                _between(friends.c.user_id, friends.c.friend_id, user_id, other_id)
            )
        )

    @override
    async def add_request(self, sender_id: int, recipient_id: int) -> None:
        next_seq = select(
            literal(recipient_id, BigInteger),
            literal(sender_id, BigInteger),
            func.coalesce(func.max(requests.c.seq), 0) + 1,
        ).where(requests.c.user_id == recipient_id)
        statement = upsert(self._connection, requests).from_select(
            ["user_id", "friend_id", "seq"], next_seq
        )
        await self._connection.execute(statement.on_conflict_do_nothing())

    @override
    async def delete_request(self, sender_id: int, recipient_id: int) -> bool:
        result = await self._connection.execute(
            delete(requests).where(
                requests.c.user_id == recipient_id, requests.c.friend_id == sender_id
            )
        )
        return result.rowcount > 0

    @override
    async def requests_to(self, recipient_id: int) -> list[int]:
        statement = (
            select(requests.c.friend_id)
            .where(requests.c.user_id == recipient_id)
            .order_by(requests.c.seq, requests.c.friend_id)
        )
        return list((await self._connection.execute(statement)).scalars())
