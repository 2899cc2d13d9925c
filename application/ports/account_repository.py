from abc import abstractmethod
from typing import Protocol

from domain.accounts import Credential, Recovery, Registration


class CredentialRepository(Protocol):
    """Login credentials: one email and password hash per user."""

    @abstractmethod
    async def get_by_email(self, email: str) -> Credential | None: ...

    @abstractmethod
    async def get_by_user(self, user_id: int) -> Credential | None: ...

    @abstractmethod
    async def add(self, credential: Credential) -> None:
        """Insert; raise ``StoreConflict`` when the email already has an account."""

    @abstractmethod
    async def set_password_hash(self, user_id: int, password_hash: str) -> None: ...


class RegistrationRepository(Protocol):
    """Pending sign-ups, keyed by the user id they will get."""

    @abstractmethod
    async def get(self, user_id: int) -> Registration | None: ...

    @abstractmethod
    async def get_by_email(self, email: str) -> Registration | None: ...

    @abstractmethod
    async def save(self, registration: Registration) -> None:
        """Insert or replace by user id."""

    @abstractmethod
    async def delete(self, user_id: int) -> None: ...


class RecoveryRepository(Protocol):
    """Password-reset requests, one per user."""

    @abstractmethod
    async def get(self, user_id: int) -> Recovery | None: ...

    @abstractmethod
    async def save(self, recovery: Recovery) -> None:
        """Insert or replace by user id."""

    @abstractmethod
    async def delete(self, user_id: int) -> None: ...
