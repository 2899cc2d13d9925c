"""Steps every presence use case shares: fold the stored sessions, cache and announce the result."""

from application.ports.event_publisher import EventPublisher
from application.ports.presence_store import PresenceStore
from application.wire.gateway import presence_frame, presence_subject
from domain.presence import Presence, aggregate


def session_ttl_s(heartbeat_interval_ms: int) -> int:
    """GoChat's session lifetime: two heartbeat intervals, in whole seconds, at least one."""
    return max(1, 2 * heartbeat_interval_ms // 1000)


async def current(store: PresenceStore, user_id: int, now_s: int) -> Presence:
    """The user's presence folded from what is stored now."""
    record = await store.load(user_id)
    return aggregate(user_id, record.sessions, record.override, now_s)


async def announce(
    store: PresenceStore, events: EventPublisher, presence: Presence, ttl_s: int
) -> None:
    """Cache the aggregate and tell ``presence.user.{id}``'s watchers (an op 3 frame)."""
    await store.put_aggregate(presence.user_id, presence, ttl_s)
    await events.publish(presence_subject(presence.user_id), presence_frame(presence))
