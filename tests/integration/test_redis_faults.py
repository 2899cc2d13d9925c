"""The Redis adapters when the server goes away, stalls, or is not there yet.

Each test runs a private ``redis-server`` (Debian package ``redis-server``; ``scripts/services``
installs it in CI) on a free port in a temporary directory, without persistence, so a restart
is a real cold start: no keys and no cached Lua scripts. What must hold: every call fails with
``Unavailable`` within the timeout budget instead of crashing or hanging, and the same adapter
instances work again once the server is back, without being recreated.
"""

import asyncio
import gc
import signal
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from adapters.redis.client import open_client
from adapters.redis.idempotency_store import RedisIdempotencyStore
from adapters.redis.rate_limiter import RedisRateLimiter
from application.errors import Unavailable
from application.ports.idempotency_store import StoredResponse
from application.ports.rate_limiter import RateDecision
from tests.contract.servers import free_port, installed_binary

UNCLOSED_STREAM = "Unclosed <MemoryObject"
pytestmark = [
    pytest.mark.integration,
    # coredis 6.9 leaves the anyio memory streams of a connection that failed to connect
    # unclosed (plain objects, no socket); anyio reports them when they are collected.
    pytest.mark.filterwarnings(f"ignore:{UNCLOSED_STREAM}:ResourceWarning"),
]

TIMEOUT_S = 0.3
BUDGET_S = 2 * TIMEOUT_S + 0.5
"""One call may wait for a connect and one retry, plus scheduling slack on a busy CI runner."""
RESPONSE = StoredResponse(status=201, content_type="text/plain; charset=utf-8", body=b"Created")


class RedisServer:
    """A throwaway ``redis-server`` that a test can stop, freeze and start again on one port."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            self.binary,
            *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory)),
            *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            *("--logfile", str(self.directory / "redis.log")),
        )
        deadline = time.monotonic() + 10
        while not await self._answers_ping():
            if self.process.returncode is not None or time.monotonic() > deadline:
                log = (self.directory / "redis.log").read_text(errors="replace")
                pytest.fail(f"redis-server did not come up on port {self.port}:\n{log}")
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        if self.process is None:
            return
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server cannot act on SIGTERM
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self.process = None

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    async def _answers_ping(self) -> bool:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            return False
        try:
            writer.write(b"PING\r\n")
            await writer.drain()
            return await asyncio.wait_for(reader.readline(), 1) == b"+PONG\r\n"
        except (OSError, TimeoutError):
            return False
        finally:
            writer.close()


def redis_binary() -> str:
    return installed_binary("redis-server", "redis-server")


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[RedisServer]:
    server = RedisServer(redis_binary(), tmp_path)
    try:
        yield server
    finally:
        await server.stop()
        # Collect this test's failed connections now, under its warning filter, rather than
        # in whichever later test the collector happens to run.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", UNCLOSED_STREAM, ResourceWarning)
            gc.collect()


class Adapters:
    def __init__(self, limiter: RedisRateLimiter, store: RedisIdempotencyStore) -> None:
        self.limiter = limiter
        self.store = store

    def calls(self) -> list[Callable[[], Awaitable[object]]]:
        """One call of every adapter method."""
        return [
            lambda: self.limiter.hit("client", 100, 60),
            lambda: self.store.get("request"),
            lambda: self.store.lock("request", 10),
            lambda: self.store.save("request", RESPONSE, 60),
            lambda: self.store.release("request"),
        ]

    async def work(self, name: str) -> None:
        """A full round of both ports on keys no earlier round used, checking the answers."""
        decision = await self.limiter.hit(name, 2, 60)
        assert decision == RateDecision(allowed=True, limit=2, remaining=1, reset_after_s=60)
        assert await self.store.lock(name, 10)
        await self.store.save(name, RESPONSE, 60)
        assert await self.store.get(name) == RESPONSE
        assert not await self.store.lock(name, 10)
        await self.store.release(name)


@pytest.fixture
async def adapters(server: RedisServer) -> AsyncIterator[Adapters]:
    async with open_client(server.url, timeout_s=TIMEOUT_S) as client:
        yield Adapters(RedisRateLimiter(client), RedisIdempotencyStore(client))


async def assert_every_call_is_unavailable(adapters: Adapters) -> None:
    for call in adapters.calls():
        started = time.monotonic()
        with pytest.raises(Unavailable):
            await call()
        assert time.monotonic() - started < BUDGET_S


async def test_server_absent_at_start_then_up(server: RedisServer, adapters: Adapters) -> None:
    await assert_every_call_is_unavailable(adapters)
    await server.start()
    await adapters.work("first")


async def test_server_stopped_mid_test_then_restarted(
    server: RedisServer, adapters: Adapters
) -> None:
    await server.start()
    await adapters.work("before")

    # Stop it under load: every call in flight either finishes or reports Unavailable.
    in_flight = [asyncio.ensure_future(adapters.limiter.hit(f"k{n}", 5, 60)) for n in range(50)]
    await server.stop()
    outcomes = await asyncio.gather(*in_flight, return_exceptions=True)
    assert all(isinstance(o, RateDecision | Unavailable) for o in outcomes), outcomes

    await assert_every_call_is_unavailable(adapters)

    # Same port, cold start: no keys, no cached scripts. The same instances carry on.
    await server.start()
    await adapters.work("after")


async def test_frozen_server_times_out_then_recovers(
    server: RedisServer, adapters: Adapters
) -> None:
    await server.start()
    await adapters.work("before")

    server.freeze()
    try:
        await assert_every_call_is_unavailable(adapters)
    finally:
        server.thaw()

    await adapters.work("after")
    # State from before the stall is intact: this is the second hit of that window.
    assert (await adapters.limiter.hit("before", 2, 60)).remaining == 0
