from abc import abstractmethod
from typing import Protocol


class PasswordHasher(Protocol):
    """One-way password hashing (argon2id in production)."""

    @abstractmethod
    async def hash(self, password: str) -> str:
        """A self-describing hash string of ``password``."""

    @abstractmethod
    async def verify(self, stored_hash: str, password: str) -> bool:
        """True when ``password`` matches ``stored_hash``."""
