"""Lifecycles of the process-wide clients: opened when a service starts, closed when it stops.

Each function is a dependency-injector ``Resource``. Those a profile does not use yield ``None``
without touching the network or the disk, so ``init_resources()`` can start them all.
"""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import coredis
from nats.aio.client import Client as NatsClient

from adapters.mail.log_mailer import LogMailer
from adapters.mail.smtp_mailer import SmtpMailer
from adapters.nats.connection import nats_connection
from adapters.redis.client import open_client
from adapters.scylla.schema import migrate as migrate_scylla
from adapters.scylla.session import ScyllaConfig, ScyllaSession
from adapters.sql.engine import Database, create_engine
from adapters.sql.migrate import upgrade
from adapters.system.worker_id import claim_worker_id
from application.ports.mailer import Mailer
from entrypoints.common.settings import Profile, Settings, SettingsError


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    if settings.profile is Profile.PRODUCTION:
        msg = "database_url: required in the production profile (PARLEY_DATABASE_URL)"
        raise SettingsError(msg)
    path = Path(settings.data_dir).resolve() / "parley.sqlite3"
    return f"sqlite+aiosqlite:///{path}"


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
    session = ScyllaSession(scylla_config(settings))
    try:
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
    async with nats_connection(settings.nats_url, name="parley") as client:
        yield client


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
