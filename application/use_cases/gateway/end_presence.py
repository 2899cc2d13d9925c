import msgspec

from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.presence_store import PresenceStore
from application.services.presence import announce, current


class EndPresence(msgspec.Struct, frozen=True, kw_only=True):
    """A session whose presence was set has gone away."""

    actor_id: int
    session_id: str


class EndPresenceHandler:
    """Drop a closed session's entry and tell watchers if that changed what they see (§8.6).

    The aggregate is recomputed without the session; watchers get an op 3 frame only when
    the status or the custom text changed, as in GoChat. Deviation: the recomputed aggregate
    is cached even when unchanged for watchers, so a voice channel the closed session held
    does not linger in snapshots.
    """

    def __init__(
        self, *, presence: PresenceStore, events: EventPublisher, clock: Clock, ttl_s: int
    ) -> None:
        self._presence = presence
        self._events = events
        self._clock = clock
        self._ttl_s = ttl_s

    async def __call__(self, command: EndPresence) -> bool:
        """Whether an op 3 frame was published."""
        now = self._clock.now_ms() // 1000
        user_id = command.actor_id
        before = await self._presence.get_aggregate(user_id)
        if before is None:
            before = await current(self._presence, user_id, now)
        await self._presence.remove_session(user_id, command.session_id)
        after = await current(self._presence, user_id, now)
        changed = (before.status, before.custom_status_text) != (
            after.status,
            after.custom_status_text,
        )
        if changed:
            await announce(self._presence, self._events, after, self._ttl_s)
        else:
            await self._presence.put_aggregate(user_id, after, self._ttl_s)
        return changed
