"""Server outages for the HTTP-level fault tests, without touching the shared servers.

The servers of ``scripts/services`` are shared by everyone working on this machine, so the
fault tests never stop them. Each server is reached through a ``Proxy`` instead: a TCP relay on
a private port that the test can ``cut`` (every open connection is reset and new ones are
refused, exactly what a client sees when the server process dies), ``stall`` (bytes stop
moving, like a frozen server) and ``restore``. The app under test only ever knows the proxy's
address, so "the server is back" means the same address answers again.

``Backends`` names the shared servers (``tests.contract.servers.server_url``: a missing one
skips locally and fails in CI) and makes the private scratch places the app migrates into: a
PostgreSQL schema of its own inside the ``parley_test`` database (so concurrent contract runs,
which drop that database's tables, cannot disturb the app and vice versa) and a Cassandra
keyspace of its own.
"""

import asyncio
import contextlib
import gc
import logging
import os
import secrets
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typing_extensions import override

from adapters.scylla.session import ScyllaConfig, ScyllaSession
from adapters.sql.engine import create_engine
from entrypoints.common.settings import load_settings
from entrypoints.edge.platform import build
from tests.contract.scylla_keyspace import DRIVER_SOCKETS_MESSAGE
from tests.contract.servers import free_port, server_url
from tests.http.support import MAIL_LOGGER, MailLog, Platform

LOCALHOST = "127.0.0.1"
CHUNK = 65536

Call = Callable[[], Awaitable[httpx.Response]]
"""A request that can be made again (each call sends it anew)."""


class Proxy:
    """A TCP relay from a private local port to one upstream server.

    ``cut`` resets every relayed connection and stops listening, so connects are refused;
    ``restore`` listens and forwards again on the same port. ``stall`` keeps connections open
    but stops moving bytes (new connections are accepted and stall too); with ``after_reply``
    the server's first answer on a new connection still gets through, so a client opening one
    stalls mid-handshake. Generalized from the one in ``tests/contract/test_scylla_faults.py``.
    """

    def __init__(self, name: str, upstream_host: str, upstream_port: int) -> None:
        self.name = name
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.WriteTransport] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._after_reply = False
        self.held = 0
        """Chunks a stall has held back so far: something was sent while it was frozen."""

    @property
    def open_connections(self) -> int:
        """Relayed connections still open (each counts its two sides)."""
        return sum(not transport.is_closing() for transport in self._transports)

    async def start(self) -> None:
        self._flowing.set()
        if self._server is None:
            self._server = await asyncio.start_server(self._accept, LOCALHOST, self.port)

    restore = start

    async def cut(self) -> None:
        """Stop listening and reset every open connection (the server process died)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for transport in list(self._transports):
            transport.abort()
        self._transports.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if server is not None:
            await server.wait_closed()

    def stall(self, stalled: bool = True, *, after_reply: bool = False) -> None:
        """Stop (or resume) forwarding bytes in both directions (the server froze).

        ``after_reply``: a connection's first chunk from the server is still forwarded.
        """
        self._after_reply = after_reply
        if stalled:
            self._flowing.clear()
        else:
            self._flowing.set()

    async def close(self) -> None:
        self.stall(False)
        await self.cut()

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._transports.add(writer.transport)
        task = asyncio.create_task(self._relay(reader, writer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            self._transports.discard(writer.transport)
            return
        self._transports.add(up_writer.transport)
        replied = [False]
        await asyncio.gather(
            self._pipe(reader, up_writer, replied, from_server=False),
            self._pipe(up_reader, writer, replied, from_server=True),
        )

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        replied: list[bool],
        *,
        from_server: bool,
    ) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(CHUNK):
                first_reply = from_server and not replied[0]
                replied[0] = replied[0] or from_server
                if not self._flowing.is_set() and not (self._after_reply and first_reply):
                    self.held += 1
                    await self._flowing.wait()
                writer.write(data)
                await writer.drain()
        writer.transport.abort()
        self._transports.discard(writer.transport)


@dataclass
class Backends:
    """The shared servers' addresses, read from the ``scripts/services env`` variables."""

    postgres_url: str
    redis_url: str
    nats_url: str
    cassandra_hosts: tuple[str, ...]
    cassandra_port: int
    tag: str = field(default_factory=lambda: secrets.token_hex(4))

    @classmethod
    def from_environment(cls) -> "Backends":
        hosts = server_url("cassandra", "PARLEY_CASSANDRA_HOSTS")
        return cls(
            postgres_url=server_url("PostgreSQL", "PARLEY_TEST_PG_URL"),
            redis_url=server_url("Redis", "PARLEY_REDIS_URL"),
            nats_url=server_url("NATS", "PARLEY_NATS_URL"),
            cassandra_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip()),
            cassandra_port=int(os.environ.get("PARLEY_CASSANDRA_PORT") or 9042),
        )

    @property
    def schema(self) -> str:
        """The PostgreSQL schema (inside ``parley_test``) this run's apps migrate into."""
        return f"parley_faults_{self.tag}"

    @property
    def keyspace(self) -> str:
        return f"parley_faults_{self.tag}"

    def proxies(self) -> "Proxies":
        pg = make_url(self.postgres_url)
        redis = urlsplit(self.redis_url)
        nats = urlsplit(self.nats_url.split(",")[0])
        return Proxies(
            postgres=Proxy("PostgreSQL", pg.host or LOCALHOST, pg.port or 5432),
            cassandra=Proxy("Cassandra", self.cassandra_hosts[0], self.cassandra_port),
            redis=Proxy("Redis", redis.hostname or LOCALHOST, redis.port or 6379),
            nats=Proxy("NATS", nats.hostname or LOCALHOST, nats.port or 4222),
        )

    def settings(self, proxies: "Proxies", data_dir: Path, **overrides: Any) -> dict[str, Any]:
        """Production settings reaching every server through ``proxies``."""
        pg = make_url(self.postgres_url).set(host=LOCALHOST, port=proxies.postgres.port)
        # asyncpg takes server settings from the query of a ``dsn`` argument, and SQLAlchemy
        # passes URL query items to asyncpg as arguments: the app's connections then live in
        # this run's schema, however the app builds its engine.
        dsn = quote(f"postgresql:///?search_path={self.schema}", safe="")
        pg_url = pg.render_as_string(hide_password=False) + f"?dsn={dsn}"
        redis = urlsplit(self.redis_url)
        redis_url = redis._replace(netloc=_netloc(redis.netloc, proxies.redis.port)).geturl()
        return {
            "profile": "production",
            "data_dir": str(data_dir),
            "auth_secret": "fault-tests-" + "x" * 40,
            "database_url": pg_url,
            "redis_url": redis_url,
            "nats_url": f"nats://{LOCALHOST}:{proxies.nats.port}",
            "cassandra_hosts": [LOCALHOST],
            "cassandra_port": proxies.cassandra.port,
            "cassandra_keyspace": self.keyspace,
            "rate_limit_requests": 100_000,
            "argon2_time_cost": 1,
            "argon2_memory_kib": 8,
            "email_provider": "log",
            **overrides,
        }

    async def create_schema(self) -> None:
        await self._postgres(f"CREATE SCHEMA IF NOT EXISTS {self.schema}")

    def drop_scratch_blocking(self) -> None:
        """``drop_scratch`` outside any event loop, for the end of a module or session.

        The Scylla driver's socket pairs are freed with the loop; they are collected here,
        under the filter for them, rather than in whichever later test the collector runs.
        """
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", DRIVER_SOCKETS_MESSAGE, ResourceWarning)
            asyncio.run(self.drop_scratch())
            gc.collect()

    async def drop_scratch(self) -> None:
        """Drop this run's PostgreSQL schema and Cassandra keyspace."""
        await self._postgres(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        session = ScyllaSession(
            ScyllaConfig(hosts=self.cassandra_hosts, port=self.cassandra_port, keyspace="system")
        )
        try:
            await session.execute_schema(f"DROP KEYSPACE IF EXISTS {self.keyspace}")
        finally:
            await session.close()

    async def _postgres(self, statement: str) -> None:
        engine = create_engine(self.postgres_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()


def _netloc(netloc: str, port: int) -> str:
    credentials, _, _ = netloc.rpartition("@")
    return f"{credentials}@{LOCALHOST}:{port}" if credentials else f"{LOCALHOST}:{port}"


@dataclass
class Proxies:
    postgres: Proxy
    cassandra: Proxy
    redis: Proxy
    nats: Proxy

    def __iter__(self) -> Iterator[Proxy]:
        return iter((self.postgres, self.cassandra, self.redis, self.nats))

    async def start(self) -> None:
        for proxy in self:
            await proxy.start()

    async def close(self) -> None:
        for proxy in self:
            await proxy.close()


@contextlib.asynccontextmanager
async def capture_mail() -> AsyncIterator[MailLog]:
    """What the log mailer writes (the confirmation links ``Platform.sign_up`` follows)."""
    mail = MailLog()
    logger = logging.getLogger(MAIL_LOGGER)
    level = logger.level
    logger.addHandler(mail)
    logger.setLevel(logging.INFO)
    try:
        yield mail
    finally:
        logger.removeHandler(mail)
        logger.setLevel(level)


@contextlib.asynccontextmanager
async def production_platform(settings: dict[str, Any]) -> AsyncIterator[Platform]:
    """The edge app on the production profile, its lifespan running, and a client bound to it."""
    app = build(load_settings(environ={}, overrides=settings))
    async with capture_mail() as mail, app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield Platform(http=http, mail=mail, data_dir=Path(settings["data_dir"]))


class LogWatch(logging.Handler):
    """Records what one logger writes, so a test can wait for a line instead of sleeping."""

    def __init__(self, logger: str) -> None:
        super().__init__(logging.DEBUG)
        self.logger = logging.getLogger(logger)
        self.lines: list[str] = []
        self._changed = asyncio.Event()
        self._level = logging.NOTSET

    def __enter__(self) -> "LogWatch":
        self._level = self.logger.level
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self)
        return self

    def __exit__(self, *_: object) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self._level)

    @override
    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        self._changed.set()

    async def wait_for(self, text: str, within_s: float) -> None:
        async with asyncio.timeout(within_s):
            while not any(text in line for line in self.lines):
                self._changed.clear()
                await self._changed.wait()


class Timer:
    """Seconds since it was made; ``check`` fails the test past ``limit_s``."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def check(self, what: str) -> float:
        elapsed = self.elapsed
        assert elapsed < self.limit_s, f"{what} took {elapsed:.2f} s (limit {self.limit_s} s)"
        return elapsed


async def timed(call: Awaitable[httpx.Response], limit_s: float) -> httpx.Response:
    """The response of ``call``, failing the test if it takes ``limit_s`` or more."""
    timer = Timer(limit_s)
    try:
        async with asyncio.timeout(limit_s + 5):  # a hang fails, late but for sure
            response = await call
    except TimeoutError:
        raise AssertionError(f"no answer within {limit_s + 5} s") from None
    request = response.request
    timer.check(f"{request.method} {request.url.path} -> {response.status_code}")
    return response


async def until_success(
    call: Call, within_s: float, pause_s: float = 0.2
) -> tuple[httpx.Response, float]:
    """Repeat ``call`` until it answers 2xx; the response and the seconds that took.

    Every failed attempt must be a plain-text 503 (the outage), never a 500 or a hang.
    """
    timer = Timer(within_s)
    while True:
        response = await timed(call(), within_s)
        if response.is_success:
            return response, timer.elapsed
        assert_unavailable(response)
        timer.check(f"recovery ({response.request.method} {response.request.url.path})")
        await asyncio.sleep(pause_s)


def assert_unavailable(response: httpx.Response) -> None:
    """A 503 with GoChat-style plain text, as ``entrypoints.common.errors`` answers it."""
    shown = f"{response.request.method} {response.request.url.path} -> {response.status_code} "
    shown += repr(response.text[:200])
    assert response.status_code == 503, shown
    assert response.headers["content-type"].startswith("text/plain"), shown
    assert response.text == "service unavailable", shown


async def burst(
    calls: Sequence[Call],
    cut: Callable[[], Awaitable[None]],
    limit_s: float,
) -> list[httpx.Response]:
    """Start every call at once, ``cut`` as soon as the first has answered, collect the rest.

    The outage then lands while the others are somewhere in flight: waiting for a pooled
    connection, mid-transaction, between the store and the publish.
    """
    tasks = [asyncio.ensure_future(timed(call(), limit_s)) for call in calls]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    await cut()
    return list(await asyncio.gather(*tasks))


def succeeded_or_unavailable(responses: list[httpx.Response]) -> list[httpx.Response]:
    """The 2xx ones; every other one must be the plain-text 503 (no 500, no other error)."""
    for response in responses:
        if not response.is_success:
            assert_unavailable(response)
    return [response for response in responses if response.is_success]
