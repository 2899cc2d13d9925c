"""The composition root of shared infrastructure: which adapter backs which port, per profile.

This is the only module that names adapter classes. Each service container depends on an
``Infrastructure`` instance; ``parley run`` builds one and hands it to every service, so the
services of one process share one database pool and one in-process event bus, while
``parley serve <svc>`` builds its own.
"""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from dependency_injector import containers, providers

from adapters.argon2.password_hasher import Argon2PasswordHasher
from adapters.jose.token_service import JoseTokenService
from adapters.mail.log_mailer import LogMailer
from adapters.mail.smtp_mailer import SmtpMailer
from adapters.memory.attachment_store import MemoryAttachmentStore
from adapters.memory.event_publisher import MemoryEventPublisher
from adapters.memory.idempotency_store import MemoryIdempotencyStore
from adapters.memory.mention_store import MemoryMentionStore
from adapters.memory.message_store import MemoryMessageStore
from adapters.memory.password_hasher import MemoryPasswordHasher
from adapters.memory.rate_limiter import MemoryRateLimiter
from adapters.memory.read_state_store import MemoryReadStateStore
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.sql.attachment_store import SqlAttachmentStore
from adapters.sql.engine import Database, create_engine
from adapters.sql.mention_store import SqlMentionStore
from adapters.sql.message_store import SqlMessageStore
from adapters.sql.migrate import upgrade
from adapters.sql.read_state_store import SqlReadStateStore
from adapters.sql.unit_of_work import SqlUnitOfWork
from adapters.system.clock import SystemClock
from adapters.system.id_generator import SnowflakeIdGenerator
from adapters.system.randomness import SecretsRandomness
from adapters.system.worker_id import claim_worker_id
from application.ports.mailer import Mailer
from entrypoints.common.settings import Settings


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    path = Path(settings.data_dir).resolve() / "parley.sqlite3"
    return f"sqlite+aiosqlite:///{path}"


async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """Open the relational store, bring its schema to head, and close it on shutdown."""
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - start-up only
    database = Database(create_engine(database_url(settings)))
    await upgrade(database.engine)
    try:
        yield database
    finally:
        await database.dispose()


def worker_id(settings: Settings) -> Iterator[int]:
    """The snowflake worker id: configured, or a free one claimed for this process's lifetime."""
    if settings.worker_id is not None:
        yield settings.worker_id
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


class Infrastructure(containers.DeclarativeContainer):
    """Adapters for every port, chosen by ``settings.profile``."""

    settings = providers.Dependency(instance_of=Settings)
    profile = providers.Callable(lambda s: s.profile.value, settings)

    clock = providers.Singleton(SystemClock)
    worker = providers.Resource(worker_id, settings)
    ids = providers.Singleton(SnowflakeIdGenerator, worker_id=worker, clock=clock)
    random = providers.Singleton(SecretsRandomness)
    database = providers.Resource(open_database, settings)

    argon2 = providers.Singleton(
        Argon2PasswordHasher,
        time_cost=providers.Callable(lambda s: s.argon2_time_cost, settings),
        memory_cost_kib=providers.Callable(lambda s: s.argon2_memory_kib, settings),
    )
    sql_uow = providers.Singleton(SqlUnitOfWork, database)
    sql_messages = providers.Singleton(SqlMessageStore, database)
    sql_read_states = providers.Singleton(SqlReadStateStore, database)
    sql_attachments = providers.Singleton(SqlAttachmentStore, database)
    sql_mentions = providers.Singleton(SqlMentionStore, database)

    uow = providers.Selector(
        profile, memory=providers.Singleton(MemoryUnitOfWork), embedded=sql_uow, production=sql_uow
    )
    messages = providers.Selector(
        profile,
        memory=providers.Singleton(MemoryMessageStore),
        embedded=sql_messages,
        production=sql_messages,
    )
    read_states = providers.Selector(
        profile,
        memory=providers.Singleton(MemoryReadStateStore),
        embedded=sql_read_states,
        production=sql_read_states,
    )
    attachments = providers.Selector(
        profile,
        memory=providers.Singleton(MemoryAttachmentStore),
        embedded=sql_attachments,
        production=sql_attachments,
    )
    mentions = providers.Selector(
        profile,
        memory=providers.Singleton(MemoryMentionStore),
        embedded=sql_mentions,
        production=sql_mentions,
    )
    events = providers.Singleton(MemoryEventPublisher, keep_history=False)
    rate_limiter = providers.Singleton(MemoryRateLimiter, clock)
    idempotency = providers.Singleton(MemoryIdempotencyStore, clock)
    hasher = providers.Selector(
        profile,
        memory=providers.Singleton(MemoryPasswordHasher),
        embedded=argon2,
        production=argon2,
    )
    tokens = providers.Singleton(
        JoseTokenService, secret=providers.Callable(lambda s: s.auth_secret, settings), clock=clock
    )
    mailer = providers.Singleton(make_mailer, settings)
