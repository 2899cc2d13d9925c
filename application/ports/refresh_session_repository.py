from abc import abstractmethod
from typing import Protocol

from domain.accounts import RefreshSession


class RefreshSessionRepository(Protocol):
    """Refresh-token rotation state, so a replayed refresh token can be detected and revoked."""

    @abstractmethod
    async def get(self, jti: str) -> RefreshSession | None:
        """The session a refresh token names by its ``jti``."""

    @abstractmethod
    async def add(self, session: RefreshSession) -> None:
        """Record a newly issued refresh token (a login starts a family, a refresh extends it)."""

    @abstractmethod
    async def mark_used(self, jti: str) -> bool:
        """Spend a token; False if it was already spent (lost race or replay)."""

    @abstractmethod
    async def revoke_family(self, family: str) -> None:
        """Revoke every token of a login's rotation family, after a spent token was replayed."""

    @abstractmethod
    async def revoke_user(self, user_id: int) -> None:
        """Revoke every session of a user (password reset)."""
