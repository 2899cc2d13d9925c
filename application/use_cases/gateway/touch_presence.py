import msgspec

from application.ports.presence_store import PresenceStore


class TouchPresence(msgspec.Struct, frozen=True, kw_only=True):
    """A heartbeat from a session whose presence was set."""

    actor_id: int


class TouchPresenceHandler:
    """Keep the user's presence alive another ``ttl_s`` seconds (spec §8.3 op 2).

    The gateway calls this at most every 10 s per session, only once presence was set; no
    frame is published, because nothing others see has changed.
    """

    def __init__(self, *, presence: PresenceStore, ttl_s: int) -> None:
        self._presence = presence
        self._ttl_s = ttl_s

    async def __call__(self, command: TouchPresence) -> None:
        """Nothing."""
        await self._presence.touch(command.actor_id, self._ttl_s)
