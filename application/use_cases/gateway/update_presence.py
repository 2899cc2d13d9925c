import msgspec

from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.presence_store import PresenceStore
from application.services.presence import announce, current
from domain.presence import Presence, SessionPresence, Status


class UpdatePresence(msgspec.Struct, frozen=True, kw_only=True):
    """Op 3 from one gateway session: the status it shows and its voice state."""

    actor_id: int
    session_id: str
    status: str
    platform: str = ""
    custom_status_text: str | None = None
    voice_channel_id: int | None = None
    mute: bool | None = None
    deafen: bool | None = None


class UpdatePresenceHandler:
    """Set a session's presence and announce the user's new aggregate (spec §8.3 op 3).

    ``offline`` is stored as the user's override (it hides every session until another status
    is chosen); any other valid status clears the override and replaces this session's entry,
    valid for ``ttl_s`` (``since`` and ``updated_at`` now, voice channel only when positive,
    mute/deafen false unless given). An unknown status is ignored: nothing changes and None
    comes back. Otherwise the aggregate is cached and published on ``presence.user.{id}``.
    """

    def __init__(
        self, *, presence: PresenceStore, events: EventPublisher, clock: Clock, ttl_s: int
    ) -> None:
        self._presence = presence
        self._events = events
        self._clock = clock
        self._ttl_s = ttl_s

    async def __call__(self, command: UpdatePresence) -> Presence | None:
        """The announced aggregate, or None for an unknown status."""
        try:
            status = Status(command.status)
        except ValueError:
            return None
        now = self._clock.now_ms() // 1000
        user_id = command.actor_id
        if status is Status.OFFLINE:
            override = Presence(
                user_id=user_id,
                status=status,
                since=now,
                custom_status_text=command.custom_status_text,
            )
            await self._presence.set_override(user_id, override)
        else:
            await self._presence.set_override(user_id, None)
            voice = command.voice_channel_id
            session = SessionPresence(
                session_id=command.session_id,
                status=status,
                platform=command.platform,
                since=now,
                updated_at=now,
                expires_at=now + self._ttl_s,
                custom_status_text=command.custom_status_text,
                voice_channel_id=voice if voice and voice > 0 else None,
                mute=bool(command.mute),
                deafen=bool(command.deafen),
            )
            await self._presence.put_session(user_id, session, self._ttl_s)
        presence = await current(self._presence, user_id, now)
        await announce(self._presence, self._events, presence, self._ttl_s)
        return presence
