"""Backing servers going away and coming back, seen from HTTP, on the production profile.

Each test runs the app (``entrypoints.edge.platform.build``, production profile) in process and
reaches PostgreSQL, Cassandra, Redis and NATS through ``faults.Proxy`` relays of its own in
front of the shared ``scripts/services`` servers, which are never stopped; the module migrates
into a scratch PostgreSQL schema and Cassandra keyspace of its own. "The server stops" means
its relay resets every connection and refuses new ones; "it returns" means the relay listens
again on the same port. What each outage does at the HTTP level:

- PostgreSQL (every route reading or writing users, guilds, channels…): 503 ``service
  unavailable`` within milliseconds, also for a request whose new pooled connection was cut
  mid-handshake. A write in flight answers 2xx (committed) or 503 (which does not say whether
  the commit landed).
- Cassandra (message history and sending): those routes answer 503; guild routes keep working.
  A send refused by Cassandra stored nothing. The driver reconnects by itself (from 2 s).
- Redis (the rate limiter runs on every route, the idempotency store on keyed writes): every
  route of the api and auth services answers 503, unauthenticated ones too; the edge's own
  ``/healthz`` does not use it. Recording a response under its idempotency key happens after
  the response was sent and is best-effort: a Redis that went away meanwhile is logged.
- NATS (events are published after the commit): sending a message still answers 200 while the
  client's reconnect buffer (``NatsOptions.pending_bytes``, 1 MiB) has room for the event, and
  those events are delivered once NATS is back. An event that no longer fits makes the route
  answer 503, but the message was committed before the publish: it is stored (once) and its
  event is never sent. A client retrying that 503 would post the message a second time.
  Stopping the app while NATS is away is clean; the events still buffered are dropped.

In every case the same app instance serves 2xx again once the server is back, without a
restart, and everything acknowledged before or during the outage is still there.

A frozen server (connections open, nothing moving) costs each request its client's timeout
before the 503: Redis 1 s, Cassandra 5 s. A frozen PostgreSQL is not tested here: asyncpg's
command timeout is 30 s and its connect timeout 10 s (``adapters.sql.engine``), so requests
would hang that long before their 503.

Down at start-up (driven through the ASGI lifespan, as uvicorn does): PostgreSQL, Cassandra and
NATS fail the start with a ``StartupError`` naming the server and its address, logged as
``startup failed: …``; PostgreSQL and Cassandra at once, NATS after its 10 s start-up wait.
What the other resources opened meanwhile is closed again. With Redis down the app starts and
answers 503 until Redis is back.
"""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.nats.connection import nats_connection
from application.wire.events import channel_subject
from entrypoints.common.resources import StartupError
from entrypoints.common.settings import load_settings
from entrypoints.edge.lifespan import run_lifespan
from entrypoints.edge.platform import build
from tests.contract.scylla_keyspace import DRIVER_SOCKETS
from tests.http.support import Platform, User, expect, json_of
from tests.integration.faults import (
    Backends,
    Call,
    LogWatch,
    Proxies,
    Proxy,
    Timer,
    assert_unavailable,
    burst,
    production_platform,
    succeeded_or_unavailable,
    timed,
    until_success,
)

pytestmark = [
    pytest.mark.integration,
    DRIVER_SOCKETS,
    # coredis leaves the anyio streams of a connection that failed to connect unclosed
    # (plain objects, no socket); see tests/integration/test_redis_faults.py.
    pytest.mark.filterwarnings("ignore:Unclosed <MemoryObject:ResourceWarning"),
]

OUTAGE_S = 3.0
"""The longest a request may take to answer 503 while a server is down (all fail fast)."""
RECOVERY_S = 20.0
"""How soon the same app must serve 2xx again (Cassandra's driver and NATS back off)."""
BURST = 6


@pytest.fixture(scope="module")
def backends() -> Iterator[Backends]:
    """This module's scratch schema and keyspace on the shared servers, dropped at its end."""
    backends = Backends.from_environment()
    asyncio.run(backends.create_schema())
    try:
        yield backends
    finally:
        backends.drop_scratch_blocking()


@pytest.fixture
async def proxies(backends: Backends) -> AsyncIterator[Proxies]:
    """Relays of the test's own in front of each shared server, all forwarding at first."""
    proxies = backends.proxies()
    await proxies.start()
    try:
        yield proxies
    finally:
        await proxies.close()


@pytest.fixture
async def platform(backends: Backends, proxies: Proxies, tmp_path: Path) -> AsyncIterator[Platform]:
    """The production app, running, reaching every server through ``proxies``."""
    async with production_platform(backends.settings(proxies, tmp_path)) as running:
        yield running


async def guild_with_channel(platform: Platform, label: str) -> tuple[User, int, int]:
    """A new user (signed up while everything is up) owning a new guild; its text channel."""
    owner = await platform.sign_up(label)
    guild_id = await platform.create_guild(owner, f"{label} guild")
    return owner, guild_id, await platform.channel_named(owner, guild_id, "general")


async def history(owner: User, channel_id: int) -> list[str]:
    messages = json_of(await owner.get(f"/message/channel/{channel_id}", params={"limit": 100}))
    return [message["content"] for message in messages]


def call(user: User, method: str, path: str, body: Any = None, key: str | None = None) -> Call:
    """A request of ``user`` to ``/api/v1`` + ``path`` that can be made again and again."""
    headers = None if key is None else {"X-Idempotency-Key": key}

    async def make() -> httpx.Response:
        return await user.call(method, path, json=body, headers=headers)

    return make


def send(owner: User, channel_id: int, content: str, **extra: Any) -> Call:
    return call(owner, "POST", f"/message/channel/{channel_id}", {"content": content, **extra})


def new_guild(owner: User, name: str, key: str | None = None) -> Call:
    return call(owner, "POST", "/guild", {"name": name, "public": False}, key)


async def test_postgres_outage_is_503_then_the_same_app_recovers(
    platform: Platform, proxies: Proxies
) -> None:
    owner, guild_id, _ = await guild_with_channel(platform, "pg")
    read_guild = call(owner, "GET", f"/guild/{guild_id}")
    create_guild = new_guild(owner, "during")

    calls = [read_guild] * BURST + [new_guild(owner, f"burst {n}") for n in range(BURST)]
    answered = succeeded_or_unavailable(await burst(calls, proxies.postgres.cut, OUTAGE_S))
    created = [int(r.json()["id"]) for r in answered if r.request.method == "POST"]

    assert_unavailable(await timed(read_guild(), OUTAGE_S))
    assert_unavailable(await timed(create_guild(), OUTAGE_S))
    assert_unavailable(await timed(owner.get("/user/me/guilds"), OUTAGE_S))

    await proxies.postgres.restore()
    response, _ = await until_success(read_guild, RECOVERY_S)
    assert int(response.json()["id"]) == guild_id
    json_of(await create_guild())
    for acknowledged in created:  # every guild answered 2xx survived the cut
        json_of(await owner.get(f"/guild/{acknowledged}"))
    mine = {int(guild["id"]) for guild in json_of(await owner.get("/user/me/guilds"))}
    assert {guild_id, *created} <= mine


async def test_postgres_gone_while_connections_are_being_opened_is_503(
    platform: Platform, proxies: Proxies
) -> None:
    """More requests than pooled connections: new ones are mid-handshake when it goes."""
    owner, guild_id, _ = await guild_with_channel(platform, "handshake")
    read_guild = call(owner, "GET", f"/guild/{guild_id}")
    proxies.postgres.stall(after_reply=True)  # a new connection gets the server's first answer
    requests = [asyncio.ensure_future(timed(read_guild(), OUTAGE_S)) for _ in range(BURST * 2)]
    # Every request is held: a pooled connection at its ping, a new one in its authentication.
    await eventually(lambda: proxies.postgres.held >= len(requests))
    await proxies.postgres.cut()
    for response in await asyncio.gather(*requests):
        assert_unavailable(response)

    await proxies.postgres.restore()
    await until_success(read_guild, RECOVERY_S)


async def test_cassandra_outage_is_503_on_message_routes_then_recovers(
    platform: Platform, proxies: Proxies
) -> None:
    owner, guild_id, channel_id = await guild_with_channel(platform, "cql")
    json_of(await send(owner, channel_id, "before")())

    read_history = call(owner, "GET", f"/message/channel/{channel_id}")
    calls = [read_history] * BURST + [send(owner, channel_id, f"burst {n}") for n in range(BURST)]
    answered = succeeded_or_unavailable(await burst(calls, proxies.cassandra.cut, OUTAGE_S))
    acknowledged = [r.json()["content"] for r in answered if r.request.method == "POST"]

    assert_unavailable(await timed(send(owner, channel_id, "during")(), OUTAGE_S))
    assert_unavailable(await timed(read_history(), OUTAGE_S))
    json_of(await timed(owner.get(f"/guild/{guild_id}"), OUTAGE_S))  # PostgreSQL only: fine

    await proxies.cassandra.restore()
    await until_success(read_history, RECOVERY_S)
    json_of(await send(owner, channel_id, "after")())
    contents = await history(owner, channel_id)
    assert len(contents) == len(set(contents)), contents  # nothing stored twice
    assert {"before", "after", *acknowledged} <= set(contents)
    assert "during" not in contents  # refused before anything was stored


async def test_redis_outage_is_503_on_every_route_then_recovers(
    platform: Platform, proxies: Proxies
) -> None:
    owner, guild_id, _ = await guild_with_channel(platform, "redis")
    read_guild = call(owner, "GET", f"/guild/{guild_id}")
    keyed = new_guild(owner, "keyed", key=str(uuid.uuid4()))
    before = json_of(await keyed())

    calls = [read_guild] * BURST
    calls += [new_guild(owner, f"keyed {n}", key=str(uuid.uuid4())) for n in range(BURST)]
    answered = succeeded_or_unavailable(await burst(calls, proxies.redis.cut, OUTAGE_S))
    created = [int(r.json()["id"]) for r in answered if r.request.method == "POST"]

    assert_unavailable(await timed(read_guild(), OUTAGE_S))
    assert_unavailable(await timed(new_guild(owner, "no")(), OUTAGE_S))
    login = {"email": owner.email, "password": "wrong, but never checked"}
    assert_unavailable(await timed(platform.http.post("/api/v1/auth/login", json=login), OUTAGE_S))
    expect(await platform.http.get("/healthz"), 200, "OK")  # the edge's own route: no limiter

    await proxies.redis.restore()
    await until_success(read_guild, RECOVERY_S)
    replayed = await keyed()
    assert replayed.headers.get("x-idempotency-replayed") == "true"
    assert json_of(replayed)["id"] == before["id"]  # the record made before the cut is there
    for acknowledged in created:
        json_of(await owner.get(f"/guild/{acknowledged}"))


async def test_redis_gone_after_the_response_was_sent_is_not_a_crash(
    platform: Platform, proxies: Proxies
) -> None:
    """A keyed write whose response is recorded only after Redis went away still answers."""
    owner, _, _ = await guild_with_channel(platform, "keyed")
    proxies.postgres.stall()  # holds the write in its handler, past the limiter and the lock
    request = asyncio.ensure_future(new_guild(owner, "recorded late", key=str(uuid.uuid4()))())
    await eventually(lambda: proxies.postgres.held > 0)
    await proxies.redis.cut()
    proxies.postgres.stall(False)

    created = json_of(await timed(request, OUTAGE_S))  # was: an exception after the 200
    await proxies.redis.restore()
    await until_success(call(owner, "GET", f"/guild/{created['id']}"), RECOVERY_S)


async def test_nats_outage_buffers_then_is_503_and_nothing_acknowledged_is_lost(
    platform: Platform, proxies: Proxies, backends: Backends
) -> None:
    owner, _, channel_id = await guild_with_channel(platform, "nats")
    delivered: list[str] = []
    subject = channel_subject(channel_id)

    async def observe(message: Any) -> None:
        frame = json.loads(message.data)
        if frame["t"] == 100:  # MESSAGE_CREATE
            delivered.append(frame["d"]["message"]["content"][:20])

    async with nats_connection(backends.nats_url, name="fault-test-observer") as observer:
        await observer.subscribe(subject, cb=observe)
        await observer.flush()
        await observer.flush()
        json_of(await send(owner, channel_id, "before")())
        await eventually(lambda: "before" in delivered)

        with LogWatch("adapters.nats.connection") as nats_log:
            await proxies.nats.cut()
            await nats_log.wait_for("disconnected", within_s=5)

            # Published into the reconnect buffer: acknowledged, delivered after the outage.
            json_of(await timed(send(owner, channel_id, "during")(), OUTAGE_S))
            refused = await fill_reconnect_buffer(owner, channel_id)

            await proxies.nats.restore()
            timer = Timer(RECOVERY_S)
            await nats_log.wait_for("reconnected", within_s=RECOVERY_S)
            timer.check("reconnecting to NATS")
        json_of(await send(owner, channel_id, "after")())
        await eventually(lambda: "after" in delivered)

    stored = await history(owner, channel_id)
    assert len(stored) == len(set(stored)), "a message was stored twice"
    buffered = [content for content in stored if content.startswith("big ")]
    accepted = [content for content in buffered if content != refused]
    assert accepted, "no event was buffered while NATS was down"
    assert refused in stored  # committed before its publish was refused: stored, once
    assert {"before", "during", "after"} <= set(stored)
    # Every event acknowledged with a 2xx arrived, once; the refused one never did.
    assert sorted(c[:20] for c in accepted) == sorted(c for c in delivered if c.startswith("big "))
    assert delivered.count("during") == 1
    assert refused[:20] not in delivered


FREEZE_LIMITS_S = {
    "redis": 3.0,  # adapters.redis.client.DEFAULT_TIMEOUT_S: 1 s
    "cassandra": 8.0,  # ScyllaConfig.request_timeout_s: 5 s
}


@pytest.mark.parametrize("server", sorted(FREEZE_LIMITS_S))
async def test_a_frozen_server_is_a_503_after_its_timeout_then_recovers(
    platform: Platform, proxies: Proxies, server: str
) -> None:
    owner, _, channel_id = await guild_with_channel(platform, f"frozen{server}")
    json_of(await send(owner, channel_id, "before")())
    read_history = call(owner, "GET", f"/message/channel/{channel_id}")
    frozen: Proxy = getattr(proxies, server)

    frozen.stall()  # connections stay open, nothing moves: a stopped process, a partition
    assert_unavailable(await timed(read_history(), FREEZE_LIMITS_S[server]))
    frozen.stall(False)

    response, _ = await until_success(read_history, RECOVERY_S)
    assert [m["content"] for m in response.json()] == ["before"]


async def test_stopping_the_app_while_nats_is_down_is_clean(
    backends: Backends, proxies: Proxies, tmp_path: Path
) -> None:
    """Events still buffered for a NATS that is away do not make the shutdown fail."""
    async with production_platform(backends.settings(proxies, tmp_path)) as platform:
        owner, _, channel_id = await guild_with_channel(platform, "stopping")
        with LogWatch("adapters.nats.connection") as nats_log:
            await proxies.nats.cut()
            await nats_log.wait_for("disconnected", within_s=5)
        json_of(await send(owner, channel_id, "buffered at shutdown")())
        timer = Timer(OUTAGE_S)
    timer.check("stopping with NATS down")


async def fill_reconnect_buffer(owner: User, channel_id: int) -> str:
    """Send big messages while NATS is down until one is refused; that one's content.

    Each event is ~200 KB (long embed URLs count toward no text limit), so the client's
    1 MiB reconnect buffer fills after a handful.
    """
    for n in range(12):
        content = f"big {n} " + "x" * 1900
        embed = {"url": "https://example.com/" + "a" * 200_000}
        response = await timed(send(owner, channel_id, content, embeds=[embed])(), OUTAGE_S)
        if response.status_code == 503:
            assert_unavailable(response)
            return content
        json_of(response)
    pytest.fail("NATS stayed down for 2.4 MB of events and publishing never refused")


async def eventually(check: Callable[[], bool], within_s: float = 10.0) -> None:
    async with asyncio.timeout(within_s):
        while not check():  # noqa: ASYNC110 - polls what a NATS callback appends
            await asyncio.sleep(0.02)


START_FAILURES = {
    # server: (what the error calls it, how soon the start must fail)
    "postgres": ("PostgreSQL", 5.0),
    "cassandra": ("Cassandra/Scylla", 5.0),
    "nats": ("NATS", 15.0),  # NatsOptions.startup_timeout: 10 s for a server starting up
}


@pytest.mark.parametrize("server", sorted(START_FAILURES))
async def test_down_at_start_up_fails_fast_and_names_the_server(
    backends: Backends,
    proxies: Proxies,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    server: str,
) -> None:
    name, limit_s = START_FAILURES[server]
    down: Proxy = getattr(proxies, server)
    await down.cut()
    app = build(load_settings(environ={}, overrides=backends.settings(proxies, tmp_path)))

    timer = Timer(limit_s)
    with pytest.raises(RuntimeError, match=f"StartupError.*{name} at 127.0.0.1:{down.port}"):
        async with run_lifespan(app):  # the ASGI lifespan protocol, as uvicorn drives it
            pytest.fail("the app started without its server")
    timer.check("failing the start")
    logged = [r for r in caplog.records if r.name == "parley.edge"]
    assert logged, caplog.text
    assert logged[-1].getMessage().startswith(f"startup failed: {name} at 127.0.0.1:{down.port}")
    assert isinstance(logged[-1].exc_info and logged[-1].exc_info[1], StartupError)
    # What the other resources opened meanwhile was closed again, not left behind.
    await eventually(lambda: all(proxy.open_connections == 0 for proxy in proxies), 5)


async def test_redis_down_at_start_up_starts_and_answers_503_until_it_is_back(
    backends: Backends, proxies: Proxies, tmp_path: Path
) -> None:
    await proxies.redis.cut()
    async with production_platform(backends.settings(proxies, tmp_path)) as platform:

        async def register() -> httpx.Response:
            email = {"email": "late-redis@example.com"}
            return await platform.http.post("/api/v1/auth/registration", json=email)

        assert_unavailable(await timed(register(), OUTAGE_S))
        expect(await platform.http.get("/healthz"), 200, "OK")

        await proxies.redis.restore()
        response, _ = await until_success(register, RECOVERY_S)
        expect(response, 201, "Created")
        owner = await platform.sign_up("late")
        json_of(await owner.get("/user/me"))
