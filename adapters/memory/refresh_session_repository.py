import copy

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.ports.refresh_session_repository import RefreshSessionRepository
from domain.accounts import RefreshSession


class MemoryRefreshSessionRepository(RefreshSessionRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, jti: str) -> RefreshSession | None:
        session = self._db.refresh_sessions.get(jti)
        return copy.copy(session) if session else None

    @override
    async def add(self, session: RefreshSession) -> None:
        self._db.refresh_sessions[session.jti] = copy.copy(session)

    @override
    async def mark_used(self, jti: str) -> bool:
        """False also for an unknown jti: there is nothing left to spend."""
        session = self._db.refresh_sessions.get(jti)
        if session is None or session.used:
            return False
        session.used = True
        return True

    @override
    async def revoke_family(self, family: str) -> None:
        for session in self._db.refresh_sessions.values():
            if session.family == family:
                session.revoked = True

    @override
    async def revoke_user(self, user_id: int) -> None:
        for session in self._db.refresh_sessions.values():
            if session.user_id == user_id:
                session.revoked = True
