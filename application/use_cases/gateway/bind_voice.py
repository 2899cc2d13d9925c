from dataclasses import replace

import msgspec

from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.presence_store import PresenceStore
from application.services.presence import announce, current
from domain.presence import Presence, SessionPresence, Status


class BindVoice(msgspec.Struct, frozen=True, kw_only=True):
    """Op 7 t=509 (RTC binding alive): the session is still in ``channel_id``'s voice call."""

    actor_id: int
    session_id: str
    channel_id: int


class BindVoiceHandler:
    """Record the session's voice channel in its presence and announce it (spec §8.3 op 7).

    The session's entry gets ``voice_channel_id`` and a fresh lifetime; a session that never
    set presence gets an ``online`` entry, as GoChat creates one. Not done here: GoChat also
    refreshes the ``voice:route:{channel}`` binding to 60 s, which needs the voice route store
    (it arrives with the voice join flow).
    """

    def __init__(
        self, *, presence: PresenceStore, events: EventPublisher, clock: Clock, ttl_s: int
    ) -> None:
        self._presence = presence
        self._events = events
        self._clock = clock
        self._ttl_s = ttl_s

    async def __call__(self, command: BindVoice) -> Presence:
        """The announced aggregate."""
        now = self._clock.now_ms() // 1000
        user_id = command.actor_id
        record = await self._presence.load(user_id)
        existing = next((s for s in record.sessions if s.session_id == command.session_id), None)
        if existing is None:
            existing = SessionPresence(
                session_id=command.session_id,
                status=Status.ONLINE,
                since=now,
                updated_at=now,
                expires_at=now,
            )
        session = replace(
            existing,
            voice_channel_id=command.channel_id,
            updated_at=now,
            expires_at=now + self._ttl_s,
        )
        await self._presence.put_session(user_id, session, self._ttl_s)
        presence = await current(self._presence, user_id, now)
        await announce(self._presence, self._events, presence, self._ttl_s)
        return presence
