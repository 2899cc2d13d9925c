from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.dialect import chunks
from adapters.sql.engine import insert_unique
from adapters.sql.mappers import user_from_row, user_values
from adapters.sql.tables import discriminators, users
from application.ports.user_repository import UserRepository
from domain.users import User


def _select_users() -> Select[*tuple[Any, ...]]:
    return select(*users.c, discriminators.c.discriminator).join(
        discriminators, discriminators.c.user_id == users.c.id
    )


class SqlUserRepository(UserRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get(self, user_id: int) -> User | None:
        result = await self._connection.execute(_select_users().where(users.c.id == user_id))
        row = result.first()
        return None if row is None else user_from_row(row)

    @override
    async def get_many(self, user_ids: Iterable[int]) -> dict[int, User]:
        found: dict[int, User] = {}
        for batch in chunks(user_ids):
            result = await self._connection.execute(_select_users().where(users.c.id.in_(batch)))
            found.update((row.id, user_from_row(row)) for row in result)
        return found

    @override
    async def find_by_discriminator(self, discriminator: str) -> User | None:
        statement = _select_users().where(discriminators.c.discriminator == discriminator)
        row = (await self._connection.execute(statement)).first()
        return None if row is None else user_from_row(row)

    @override
    async def add(self, user: User) -> None:
        await insert_unique(
            self._connection,
            insert(users).values(user_values(user)),
            insert(discriminators).values(user_id=user.id, discriminator=user.discriminator),
        )

    @override
    async def update(self, user: User) -> None:
        await self._connection.execute(
            update(users)
            .where(users.c.id == user.id)
            .values(
                name=user.name,
                avatar=user.avatar,
                blocked=user.blocked,
                upload_limit=user.upload_limit,
            )
        )
