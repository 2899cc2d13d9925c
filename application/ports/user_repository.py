from abc import abstractmethod
from collections.abc import Iterable
from typing import Protocol

from domain.users import User


class UserRepository(Protocol):
    """Users and their unique discriminators (public handles)."""

    @abstractmethod
    async def get(self, user_id: int) -> User | None:
        """The user, or None for an unknown id (callers show "Unknown User")."""

    @abstractmethod
    async def get_many(self, user_ids: Iterable[int]) -> dict[int, User]:
        """Users by id; unknown ids are simply absent."""

    @abstractmethod
    async def find_by_discriminator(self, discriminator: str) -> User | None:
        """The user holding a public handle (friend requests and sign-up uniqueness use it)."""

    @abstractmethod
    async def add(self, user: User) -> None:
        """Insert; raise ``StoreConflict`` if the id or discriminator is taken."""

    @abstractmethod
    async def update(self, user: User) -> None:
        """Store name, avatar, blocked flag and upload limit."""
