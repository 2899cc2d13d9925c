from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Protocol

from domain.presence import Presence, SessionPresence


@dataclass(frozen=True, slots=True)
class PresenceRecord:
    """Everything stored about one user's presence: live session entries and the override."""

    sessions: list[SessionPresence] = field(default_factory=list)
    override: Presence | None = None


class PresenceStore(Protocol):
    """Per-session presence, the user's override and the aggregate cache (spec §6.3, §8.6).

    Shared by every gateway process (Redis in production: ``presence:sessions:{uid}``,
    ``presence:override:{uid}``, ``presence:agg:{uid}``), so a user's sessions on different
    processes fold into one presence. Session entries and the aggregate expire ``ttl_s`` after
    their last write or touch, so a process that dies leaves nobody online for long; the
    override never expires. The aggregation rules are the domain's, not the store's.
    """

    @abstractmethod
    async def load(self, user_id: int) -> PresenceRecord:
        """The unexpired sessions and the override (empty when nothing is stored)."""

    @abstractmethod
    async def put_session(self, user_id: int, session: SessionPresence, ttl_s: int) -> None:
        """Insert or replace the entry of ``session.session_id``; the sessions live ``ttl_s``."""

    @abstractmethod
    async def remove_session(self, user_id: int, session_id: str) -> None:
        """Forget one session (absent ones are ignored)."""

    @abstractmethod
    async def set_override(self, user_id: int, presence: Presence | None) -> None:
        """Store the manual override (no expiry), or delete it with None."""

    @abstractmethod
    async def get_aggregate(self, user_id: int) -> Presence | None:
        """The cached aggregate, None when absent or expired."""

    @abstractmethod
    async def put_aggregate(self, user_id: int, presence: Presence, ttl_s: int) -> None:
        """Cache the aggregate for ``ttl_s`` seconds."""

    @abstractmethod
    async def touch(self, user_id: int, ttl_s: int) -> None:
        """Keep the user's sessions and aggregate another ``ttl_s`` seconds (heartbeats)."""
