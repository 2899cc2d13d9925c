"""Lifecycles of the process-wide clients: opened when a service starts, closed when it stops.

Each function is a dependency-injector ``Resource``. Those a profile does not use yield ``None``
without touching the network or the disk, so ``init_resources()`` can start them all.

What a server that is down at start-up does (production profile): PostgreSQL, Cassandra/Scylla
and NATS fail the start at once with a ``StartupError`` naming the server and its address (no
credentials), because the schema migrations and the bus connection run then; NATS is given
``NatsOptions.startup_timeout`` (10 s) first, so a server starting alongside the process is
fine. Redis is not touched before the first request: the process starts, and requests answer
503 until Redis is there.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import coredis
from nats.aio.client import Client as NatsClient
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from adapters.mail.log_mailer import LogMailer
from adapters.mail.smtp_mailer import SmtpMailer
from adapters.nats.connection import close_nats, connect_nats, server_list
from adapters.redis.client import open_client
from adapters.scylla.schema import migrate as migrate_scylla
from adapters.scylla.session import ScyllaConfig, ScyllaSession
from adapters.sql.engine import Database, create_engine
from adapters.sql.migrate import upgrade
from adapters.system.worker_id import claim_worker_id
from application.errors import Unavailable
from application.ports.mailer import Mailer
from entrypoints.common.settings import Profile, Settings, SettingsError


class StartupError(Exception):
    """A backing server could not be reached (or refused to serve) while the process started."""


UNREACHABLE = (OSError, TimeoutError, Unavailable, DBAPIError)
"""What a server that is down, unreachable or refusing the client raises while opening."""


@contextmanager
def starting(server: str) -> Iterator[None]:
    """Turn a start-up failure of ``server`` (which and where) into a ``StartupError``."""
    try:
        yield
    except UNREACHABLE as error:
        cause = error.__cause__ if isinstance(error, Unavailable) and error.__cause__ else error
        reason = f"{type(cause).__name__}: {cause}".rstrip(": ")
        msg = f"{server} is unavailable at start-up ({reason})"
        raise StartupError(msg) from error


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    if settings.profile is Profile.PRODUCTION:
        msg = "database_url: required in the production profile (PARLEY_DATABASE_URL)"
        raise SettingsError(msg)
    path = Path(settings.data_dir).resolve() / "parley.sqlite3"
    return f"sqlite+aiosqlite:///{path}"


def database_address(url: str) -> str:
    """Which database ``url`` names, without its credentials."""
    parts = make_url(url)
    if parts.get_backend_name() == "sqlite":
        return f"SQLite at {parts.database}"
    return f"PostgreSQL at {parts.host}:{parts.port or 5432}/{parts.database}"


async def open_database(settings: Settings) -> AsyncIterator[Database | None]:
    """The relational store with its schema brought to head, closed on shutdown."""
    if settings.profile is Profile.MEMORY:
        yield None
        return
    url = database_url(settings)
    if url.startswith("sqlite"):
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - start-up
    database = Database(create_engine(url))
    try:
        with starting(database_address(url)):
            await upgrade(database.engine)
        yield database
    finally:
        await database.dispose()


def scylla_config(settings: Settings) -> ScyllaConfig:
    return ScyllaConfig(
        hosts=settings.cassandra_hosts,
        port=settings.cassandra_port,
        keyspace=settings.cassandra_keyspace,
    )


async def open_scylla(settings: Settings) -> AsyncIterator[ScyllaSession | None]:
    """The message-side cluster session (production with ``cassandra_hosts``), migrated."""
    if settings.profile is not Profile.PRODUCTION or not settings.cassandra_hosts:
        yield None
        return
    config = scylla_config(settings)
    session = ScyllaSession(config)
    try:
        hosts = ",".join(config.hosts)
        with starting(f"Cassandra/Scylla at {hosts}:{config.port} (keyspace {config.keyspace})"):
            await migrate_scylla(session)
        yield session
    finally:
        await session.close()


async def open_redis(settings: Settings) -> AsyncIterator[coredis.Redis[bytes] | None]:
    """The shared Redis client (production with ``redis_url``); no I/O until first use."""
    if settings.profile is not Profile.PRODUCTION or not settings.redis_url:
        yield None
        return
    async with open_client(settings.redis_url) as client:
        yield client


async def open_nats(settings: Settings) -> AsyncIterator[NatsClient | None]:
    """The event bus connection (production with ``nats_url``), drained on shutdown."""
    if settings.profile is not Profile.PRODUCTION or not settings.nats_url:
        yield None
        return
    with starting(f"NATS at {nats_address(settings.nats_url)}"):
        client = await connect_nats(settings.nats_url, name="parley")
    try:
        yield client
    finally:
        await close_nats(client)


def nats_address(url: str) -> str:
    """The ``host:port`` of each server in ``nats_url``, leaving out any credentials."""
    return ",".join(urlsplit(server).netloc.rpartition("@")[2] for server in server_list(url))


def worker_id(settings: Settings) -> Iterator[int]:
    """The snowflake worker id: configured, or a free one claimed for this process's lifetime.

    The claim is a lock file in the data directory, so processes sharing it never share an
    id. The memory profile persists nothing, so it uses 0 unless told otherwise.
    """
    if settings.worker_id is not None:
        yield settings.worker_id
        return
    if settings.profile is Profile.MEMORY:
        yield 0
        return
    directory = Path(settings.data_dir).resolve() / "workers"
    directory.mkdir(parents=True, exist_ok=True)
    lease = claim_worker_id(directory)
    try:
        yield lease.worker_id
    finally:
        lease.close()


def make_mailer(settings: Settings) -> Mailer:
    if settings.email_provider == "smtp":
        return SmtpMailer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            use_tls=settings.smtp_use_tls,
            sender_email=settings.email_source,
            sender_name=settings.email_name,
            timeout=10.0,
        )
    return LogMailer()
