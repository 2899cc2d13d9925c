from abc import abstractmethod
from typing import Protocol

from domain.accounts import Credential, Recovery, Registration


class CredentialRepository(Protocol):
    """Login credentials: one email and password hash per user."""

    @abstractmethod
    async def get_by_email(self, email: str) -> Credential | None:
        """The credential a login names; ``email`` must already be normalized (exact match)."""

    @abstractmethod
    async def get_by_user(self, user_id: int) -> Credential | None:
        """The credential of a known user, e.g. to check the current password."""

    @abstractmethod
    async def add(self, credential: Credential) -> None:
        """Insert; raise ``StoreConflict`` when the email already has an account."""

    @abstractmethod
    async def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """Replace the hash after a reset; an unknown user is left alone."""


class RegistrationRepository(Protocol):
    """Pending sign-ups, keyed by the user id they will get."""

    @abstractmethod
    async def get(self, user_id: int) -> Registration | None:
        """The pending sign-up a confirmation link points at."""

    @abstractmethod
    async def get_by_email(self, email: str) -> Registration | None:
        """The newest pending sign-up for ``email``: signing up again re-sends, not duplicates."""

    @abstractmethod
    async def save(self, registration: Registration) -> None:
        """Insert or replace by user id."""

    @abstractmethod
    async def delete(self, user_id: int) -> None:
        """Forget a pending sign-up (confirmed or undone); absent ids are ignored."""


class RecoveryRepository(Protocol):
    """Password-reset requests, one per user."""

    @abstractmethod
    async def get(self, user_id: int) -> Recovery | None:
        """The reset request a recovery link points at."""

    @abstractmethod
    async def save(self, recovery: Recovery) -> None:
        """Insert or replace by user id."""

    @abstractmethod
    async def delete(self, user_id: int) -> None:
        """Spend a reset request so its link works once; absent ids are ignored."""
