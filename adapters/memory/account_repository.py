import copy

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import StoreConflict
from application.ports.account_repository import (
    CredentialRepository,
    RecoveryRepository,
    RegistrationRepository,
)
from domain.accounts import Credential, Recovery, Registration


class MemoryCredentialRepository(CredentialRepository):
    """Emails compare exactly as given: callers normalize them before storing or looking up."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get_by_email(self, email: str) -> Credential | None:
        user_id = self._db.credential_emails.get(email)
        return await self.get_by_user(user_id) if user_id is not None else None

    @override
    async def get_by_user(self, user_id: int) -> Credential | None:
        credential = self._db.credentials.get(user_id)
        return copy.copy(credential) if credential else None

    @override
    async def add(self, credential: Credential) -> None:
        if credential.email in self._db.credential_emails:
            raise StoreConflict("email already registered")
        if credential.user_id in self._db.credentials:
            raise StoreConflict("user already has a credential")
        self._db.credentials[credential.user_id] = copy.copy(credential)
        self._db.credential_emails[credential.email] = credential.user_id

    @override
    async def set_password_hash(self, user_id: int, password_hash: str) -> None:
        credential = self._db.credentials.get(user_id)
        if credential is not None:
            credential.password_hash = password_hash


class MemoryRegistrationRepository(RegistrationRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, user_id: int) -> Registration | None:
        registration = self._db.registrations.get(user_id)
        return copy.copy(registration) if registration else None

    @override
    async def get_by_email(self, email: str) -> Registration | None:
        """The newest pending sign-up for ``email`` (exact match), if several exist."""
        matches = [r for r in self._db.registrations.values() if r.email == email]
        if not matches:
            return None
        return copy.copy(max(matches, key=lambda r: (r.created_at_ms, r.user_id)))

    @override
    async def save(self, registration: Registration) -> None:
        self._db.registrations[registration.user_id] = copy.copy(registration)

    @override
    async def delete(self, user_id: int) -> None:
        self._db.registrations.pop(user_id, None)


class MemoryRecoveryRepository(RecoveryRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, user_id: int) -> Recovery | None:
        recovery = self._db.recoveries.get(user_id)
        return copy.copy(recovery) if recovery else None

    @override
    async def save(self, recovery: Recovery) -> None:
        self._db.recoveries[recovery.user_id] = copy.copy(recovery)

    @override
    async def delete(self, user_id: int) -> None:
        self._db.recoveries.pop(user_id, None)
