"""The ``PresenceStore`` contract: sessions that expire together, an aggregate cache, an override.

``memory`` runs on a ``ManualClock`` (time jumps); ``redis`` runs against the server in
``PARLEY_REDIS_URL`` on the real clock (time passes), so TTLs stay at 1-2 s. Each redis case
uses its own key prefix and deletes its keys afterwards. The last cases pin what only Redis
has: GoChat's key names and types, and entries another writer left undecodable.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import coredis
import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.presence_store import MemoryPresenceStore
from adapters.redis.client import open_client
from adapters.redis.presence_store import RedisPresenceStore
from application.ports.presence_store import PresenceRecord, PresenceStore
from domain.presence import Presence, SessionPresence, Status
from tests.contract.servers import server_url

REDIS_URL_VARIABLE = "PARLEY_REDIS_URL"
USER = 2230469276416868352
OTHER = 2230469276416868353


@dataclass(frozen=True, slots=True)
class Backend:
    store: PresenceStore
    elapse: Callable[[float], Awaitable[None]]
    """Let ``seconds`` pass: move the manual clock, or really wait."""


def session(
    session_id: str = "s1", status: Status = Status.ONLINE, **changes: object
) -> SessionPresence:
    fields: dict[str, object] = {
        "session_id": session_id,
        "status": status,
        "platform": "web",
        "since": 1_700_000_000,
        "updated_at": 1_700_000_000,
        "expires_at": 1_700_000_070,
    }
    fields.update(changes)
    return SessionPresence(**fields)  # type: ignore[arg-type]


def presence(status: Status = Status.ONLINE, user_id: int = USER) -> Presence:
    return Presence(
        user_id=user_id,
        status=status,
        since=1_700_000_000,
        custom_status_text="lunch",
        voice_channel_id=42,
        mute=True,
    )


@dataclass(frozen=True, slots=True)
class RedisServer:
    client: coredis.Redis[bytes]
    prefix: str


@asynccontextmanager
async def open_redis_server() -> AsyncIterator[RedisServer]:
    url = server_url("redis", REDIS_URL_VARIABLE)
    prefix = f"parley-test:{uuid.uuid4().hex}:"
    async with open_client(url) as client:
        try:
            yield RedisServer(client=client, prefix=prefix)
        finally:
            keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
            if keys:
                await client.delete(keys)


@pytest.fixture
async def redis_server() -> AsyncIterator[RedisServer]:
    async with open_redis_server() as server:
        yield server


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.integration)])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        clock = ManualClock()

        async def advance(seconds: float) -> None:
            clock.advance(round(seconds * 1000))

        yield Backend(store=MemoryPresenceStore(clock), elapse=advance)
        return
    async with open_redis_server() as server:
        store = RedisPresenceStore(server.client, prefix=server.prefix)
        yield Backend(store=store, elapse=asyncio.sleep)


def by_id(record: PresenceRecord) -> dict[str, SessionPresence]:
    return {s.session_id: s for s in record.sessions}


async def test_nothing_stored_loads_empty(backend: Backend) -> None:
    assert await backend.store.load(USER) == PresenceRecord()
    assert await backend.store.get_aggregate(USER) is None


async def test_sessions_round_trip_and_replace_by_id(backend: Backend) -> None:
    first = session("a", custom_status_text="hi", voice_channel_id=7, mute=True, deafen=True)
    await backend.store.put_session(USER, first, 60)
    await backend.store.put_session(USER, session("b", Status.IDLE), 60)
    replaced = session("b", Status.DND, platform="desktop", updated_at=1_700_000_005)
    await backend.store.put_session(USER, replaced, 60)
    record = await backend.store.load(USER)
    assert by_id(record) == {"a": first, "b": replaced}
    assert record.override is None


async def test_users_are_kept_apart(backend: Backend) -> None:
    await backend.store.put_session(USER, session("a"), 60)
    await backend.store.set_override(USER, presence(Status.OFFLINE))
    await backend.store.put_aggregate(USER, presence(), 60)
    assert await backend.store.load(OTHER) == PresenceRecord()
    assert await backend.store.get_aggregate(OTHER) is None


async def test_remove_session_forgets_one_and_ignores_absent(backend: Backend) -> None:
    await backend.store.put_session(USER, session("a"), 60)
    await backend.store.put_session(USER, session("b"), 60)
    await backend.store.remove_session(USER, "a")
    await backend.store.remove_session(USER, "missing")
    await backend.store.remove_session(OTHER, "a")
    assert set(by_id(await backend.store.load(USER))) == {"b"}
    await backend.store.remove_session(USER, "b")
    assert await backend.store.load(USER) == PresenceRecord()


async def test_sessions_expire_together_after_the_last_write(backend: Backend) -> None:
    await backend.store.put_session(USER, session("a"), 1)
    await backend.elapse(0.6)
    await backend.store.put_session(USER, session("b"), 1)  # renews "a" too
    await backend.elapse(0.6)
    assert set(by_id(await backend.store.load(USER))) == {"a", "b"}
    await backend.elapse(0.6)
    assert await backend.store.load(USER) == PresenceRecord()


async def test_override_round_trips_never_expires_and_clears(backend: Backend) -> None:
    manual = presence(Status.OFFLINE)
    await backend.store.set_override(USER, manual)
    await backend.store.put_session(USER, session("a"), 1)
    await backend.elapse(1.2)
    assert await backend.store.load(USER) == PresenceRecord(override=manual)
    await backend.store.set_override(USER, None)
    await backend.store.set_override(USER, None)  # clearing nothing is fine
    assert await backend.store.load(USER) == PresenceRecord()


async def test_aggregate_round_trips_replaces_and_expires(backend: Backend) -> None:
    await backend.store.put_aggregate(USER, presence(Status.IDLE), 60)
    await backend.store.put_aggregate(USER, presence(Status.DND), 1)
    assert await backend.store.get_aggregate(USER) == presence(Status.DND)
    await backend.elapse(1.2)
    assert await backend.store.get_aggregate(USER) is None


async def test_aggregate_and_sessions_expire_independently(backend: Backend) -> None:
    await backend.store.put_session(USER, session("a"), 1)
    await backend.store.put_aggregate(USER, presence(), 3)
    await backend.elapse(1.2)
    assert await backend.store.load(USER) == PresenceRecord()
    assert await backend.store.get_aggregate(USER) == presence()


async def test_touch_keeps_sessions_and_aggregate_alive(backend: Backend) -> None:
    await backend.store.put_session(USER, session("a"), 1)
    await backend.store.put_aggregate(USER, presence(), 1)
    await backend.elapse(0.6)
    await backend.store.touch(USER, 1)
    await backend.elapse(0.6)
    assert set(by_id(await backend.store.load(USER))) == {"a"}
    assert await backend.store.get_aggregate(USER) == presence()
    await backend.elapse(0.6)
    assert await backend.store.load(USER) == PresenceRecord()
    assert await backend.store.get_aggregate(USER) is None


async def test_touch_brings_nothing_back(backend: Backend) -> None:
    await backend.store.touch(USER, 60)
    assert await backend.store.load(USER) == PresenceRecord()
    assert await backend.store.get_aggregate(USER) is None
    await backend.store.put_session(USER, session("a"), 1)
    await backend.elapse(1.2)
    await backend.store.touch(USER, 60)
    assert await backend.store.load(USER) == PresenceRecord()


async def test_touch_leaves_the_override_without_expiry(backend: Backend) -> None:
    await backend.store.set_override(USER, presence(Status.OFFLINE))
    await backend.store.touch(USER, 1)
    await backend.elapse(1.2)
    assert (await backend.store.load(USER)).override == presence(Status.OFFLINE)


async def test_concurrent_sessions_of_one_user_are_all_kept(backend: Backend) -> None:
    ids = [f"s{i}" for i in range(20)]
    await asyncio.gather(*(backend.store.put_session(USER, session(i), 60) for i in ids))
    assert set(by_id(await backend.store.load(USER))) == set(ids)


# Redis only: the layout GoChat's WS service reads, and what it may have left behind.


@pytest.mark.integration
async def test_redis_uses_gochat_keys_and_ttls(redis_server: RedisServer) -> None:
    client, prefix = redis_server.client, redis_server.prefix
    store = RedisPresenceStore(client, prefix=prefix)
    await store.put_session(USER, session("a"), 70)
    await store.put_aggregate(USER, presence(), 70)
    await store.set_override(USER, presence(Status.OFFLINE))
    sessions_key = f"{prefix}presence:sessions:{USER}"
    assert await client.type(sessions_key) == b"hash"
    assert list(await client.hkeys(sessions_key)) == [b"a"]
    assert 0 < await client.ttl(sessions_key) <= 70
    assert 0 < await client.ttl(f"{prefix}presence:agg:{USER}") <= 70
    assert await client.ttl(f"{prefix}presence:override:{USER}") == -1


@pytest.mark.integration
async def test_redis_ignores_entries_it_cannot_trust(redis_server: RedisServer) -> None:
    client, prefix = redis_server.client, redis_server.prefix
    store = RedisPresenceStore(client, prefix=prefix)
    await store.put_session(USER, session("a"), 60)
    await client.hset(f"{prefix}presence:sessions:{USER}", {"junk": b"{not json"})
    await client.set(f"{prefix}presence:override:{USER}", b"[]")
    zero = b'{"user_id":0,"status":"online","since":1}'
    await client.set(f"{prefix}presence:agg:{USER}", zero, ex=60)
    assert await store.load(USER) == PresenceRecord(sessions=[session("a")])
    assert await store.get_aggregate(USER) is None
