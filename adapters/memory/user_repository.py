import copy
from collections.abc import Iterable

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import StoreConflict
from application.ports.user_repository import UserRepository
from domain.users import User


class MemoryUserRepository(UserRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, user_id: int) -> User | None:
        user = self._db.users.get(user_id)
        return copy.copy(user) if user else None

    @override
    async def get_many(self, user_ids: Iterable[int]) -> dict[int, User]:
        users = self._db.users
        return {i: copy.copy(users[i]) for i in user_ids if i in users}

    @override
    async def find_by_discriminator(self, discriminator: str) -> User | None:
        user_id = self._db.discriminators.get(discriminator)
        return await self.get(user_id) if user_id is not None else None

    @override
    async def add(self, user: User) -> None:
        if user.id in self._db.users:
            raise StoreConflict("user id already exists")
        if user.discriminator in self._db.discriminators:
            raise StoreConflict("discriminator already taken")
        self._db.users[user.id] = copy.copy(user)
        self._db.discriminators[user.discriminator] = user.id

    @override
    async def update(self, user: User) -> None:
        """Only the columns the port names; the discriminator and creation time stay put."""
        stored = self._db.users.get(user.id)
        if stored is None:
            return
        stored.name = user.name
        stored.avatar = user.avatar
        stored.blocked = user.blocked
        stored.upload_limit = user.upload_limit
