from dataclasses import dataclass, field

from typing_extensions import override

from application.ports.clock import Clock
from application.ports.presence_store import PresenceRecord, PresenceStore
from domain.presence import Presence, SessionPresence


@dataclass(slots=True)
class _Entry:
    sessions: dict[str, SessionPresence] = field(default_factory=dict)
    sessions_until_ms: int = 0
    aggregate: Presence | None = None
    aggregate_until_ms: int = 0
    override: Presence | None = None


class MemoryPresenceStore(PresenceStore):
    """Presence in process (the embedded profile and tests), with Redis's expiry semantics.

    Like the Redis hash, the sessions of a user expire together ``ttl_s`` after the last write
    or touch; an expired user's entry is dropped on the next read, so memory stays bounded by
    the users seen within one TTL.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._users: dict[int, _Entry] = {}

    def _entry(self, user_id: int) -> _Entry:
        entry = self._users.setdefault(user_id, _Entry())
        now = self._clock.now_ms()
        if entry.sessions and entry.sessions_until_ms <= now:
            entry.sessions.clear()
        if entry.aggregate is not None and entry.aggregate_until_ms <= now:
            entry.aggregate = None
        return entry

    def _forget_if_empty(self, user_id: int, entry: _Entry) -> None:
        if not entry.sessions and entry.aggregate is None and entry.override is None:
            self._users.pop(user_id, None)

    @override
    async def load(self, user_id: int) -> PresenceRecord:
        entry = self._entry(user_id)
        record = PresenceRecord(sessions=list(entry.sessions.values()), override=entry.override)
        self._forget_if_empty(user_id, entry)
        return record

    @override
    async def put_session(self, user_id: int, session: SessionPresence, ttl_s: int) -> None:
        entry = self._entry(user_id)
        entry.sessions[session.session_id] = session
        entry.sessions_until_ms = self._clock.now_ms() + ttl_s * 1000

    @override
    async def remove_session(self, user_id: int, session_id: str) -> None:
        entry = self._entry(user_id)
        entry.sessions.pop(session_id, None)
        self._forget_if_empty(user_id, entry)

    @override
    async def set_override(self, user_id: int, presence: Presence | None) -> None:
        entry = self._entry(user_id)
        entry.override = presence
        self._forget_if_empty(user_id, entry)

    @override
    async def get_aggregate(self, user_id: int) -> Presence | None:
        entry = self._entry(user_id)
        aggregate = entry.aggregate
        self._forget_if_empty(user_id, entry)
        return aggregate

    @override
    async def put_aggregate(self, user_id: int, presence: Presence, ttl_s: int) -> None:
        entry = self._entry(user_id)
        entry.aggregate = presence
        entry.aggregate_until_ms = self._clock.now_ms() + ttl_s * 1000

    @override
    async def touch(self, user_id: int, ttl_s: int) -> None:
        entry = self._entry(user_id)
        until = self._clock.now_ms() + ttl_s * 1000
        if entry.sessions:
            entry.sessions_until_ms = until
        if entry.aggregate is not None:
            entry.aggregate_until_ms = until
        self._forget_if_empty(user_id, entry)
