from adapters.memory.clock import ManualClock
from adapters.memory.presence_store import MemoryPresenceStore
from domain.presence import Presence, SessionPresence, Status


def entry(sid: str) -> SessionPresence:
    return SessionPresence(
        session_id=sid, status=Status.ONLINE, since=1, updated_at=1, expires_at=99
    )


async def test_sessions_and_the_aggregate_expire_together_unless_touched() -> None:
    clock = ManualClock()
    store = MemoryPresenceStore(clock)
    await store.put_session(1, entry("a"), ttl_s=10)
    await store.put_aggregate(1, Presence(user_id=1, status=Status.ONLINE, since=1), ttl_s=10)
    clock.advance(9_000)
    await store.touch(1, ttl_s=10)
    clock.advance(9_000)

    assert [s.session_id for s in (await store.load(1)).sessions] == ["a"]
    assert await store.get_aggregate(1) is not None
    clock.advance(1_000)
    assert (await store.load(1)).sessions == []
    assert await store.get_aggregate(1) is None
    assert store._users == {}


async def test_overrides_stay_and_sessions_can_be_removed() -> None:
    clock = ManualClock()
    store = MemoryPresenceStore(clock)
    hidden = Presence(user_id=1, status=Status.OFFLINE, since=1)
    await store.set_override(1, hidden)
    await store.put_session(1, entry("a"), ttl_s=10)
    await store.remove_session(1, "a")
    await store.remove_session(1, "never")
    clock.advance(3_600_000)
    await store.touch(1, ttl_s=10)

    assert (await store.load(1)).override == hidden
    await store.set_override(1, None)
    assert store._users == {}
