import msgspec

from application.ports.clock import Clock
from application.ports.presence_store import PresenceStore
from application.services.presence import current
from domain.presence import Presence


class PresenceSnapshots(msgspec.Struct, frozen=True, kw_only=True):
    """Op 6: the current presence of users the socket starts watching."""

    actor_id: int
    user_ids: list[int]


class PresenceSnapshotsHandler:
    """Each user's presence right now, for the op 3 snapshot a new watcher gets (spec §8.3 op 6).

    The cached aggregate is used when present, else it is recomputed from the stored sessions;
    a user with nothing stored is offline since now. As in GoChat, anyone may watch anyone's
    presence (the web UI watches every member of every guild it shows).
    """

    def __init__(self, *, presence: PresenceStore, clock: Clock) -> None:
        self._presence = presence
        self._clock = clock

    async def __call__(self, query: PresenceSnapshots) -> list[Presence]:
        """One presence per asked user, in the order asked."""
        now = self._clock.now_ms() // 1000
        snapshots: list[Presence] = []
        for user_id in query.user_ids:
            cached = await self._presence.get_aggregate(user_id)
            snapshots.append(cached or await current(self._presence, user_id, now))
        return snapshots
