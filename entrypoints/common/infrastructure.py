"""The composition root of shared infrastructure: which adapter backs which port.

This module and ``resources`` are the only ones naming adapter classes. Each service container
depends on an ``Infrastructure`` instance; ``parley run`` builds one and hands it to every
service, so the services of one process share one database pool, one bus connection and one
Redis client, while ``parley serve <svc>`` builds its own.

Profiles: ``memory`` keeps everything in memory; ``embedded`` uses SQLite and in-process
stores; ``production`` uses the servers its settings name: PostgreSQL (``database_url``,
required), Scylla/Cassandra for the message side when ``cassandra_hosts`` is set (else the SQL
store), Redis for limits, idempotency and presence when ``redis_url`` is set, NATS for events
when ``nats_url`` is set (else in-process, which only suits a single process).
"""

from dependency_injector import containers, providers

from adapters.argon2.password_hasher import Argon2PasswordHasher
from adapters.jose.token_service import JoseTokenService
from adapters.memory.attachment_store import MemoryAttachmentStore
from adapters.memory.event_publisher import MemoryEventPublisher
from adapters.memory.event_subscriber import MemoryEventSubscriber
from adapters.memory.idempotency_store import MemoryIdempotencyStore
from adapters.memory.mention_store import MemoryMentionStore
from adapters.memory.message_store import MemoryMessageStore
from adapters.memory.password_hasher import MemoryPasswordHasher
from adapters.memory.presence_store import MemoryPresenceStore
from adapters.memory.rate_limiter import MemoryRateLimiter
from adapters.memory.read_state_store import MemoryReadStateStore
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.nats.event_publisher import NatsEventPublisher
from adapters.nats.jetstream import JetStreamEventPublisher
from adapters.redis.idempotency_store import RedisIdempotencyStore
from adapters.redis.presence_store import RedisPresenceStore
from adapters.redis.rate_limiter import RedisRateLimiter
from adapters.scylla.attachment_store import ScyllaAttachmentStore
from adapters.scylla.mention_store import ScyllaMentionStore
from adapters.scylla.message_store import ScyllaMessageStore
from adapters.scylla.read_state_store import ScyllaReadStateStore
from adapters.sql.attachment_store import SqlAttachmentStore
from adapters.sql.mention_store import SqlMentionStore
from adapters.sql.message_store import SqlMessageStore
from adapters.sql.read_state_store import SqlReadStateStore
from adapters.sql.unit_of_work import SqlUnitOfWork
from adapters.system.clock import SystemClock
from adapters.system.id_generator import SnowflakeIdGenerator
from adapters.system.randomness import SecretsRandomness
from entrypoints.common.resources import (
    make_mailer,
    open_database,
    open_nats,
    open_redis,
    open_scylla,
    worker_id,
)
from entrypoints.common.settings import Profile, Settings


def relational(settings: Settings) -> str:
    return "memory" if settings.profile is Profile.MEMORY else "sql"


def message_side(settings: Settings) -> str:
    if settings.profile is Profile.MEMORY:
        return "memory"
    if settings.profile is Profile.PRODUCTION and settings.cassandra_hosts:
        return "scylla"
    return "sql"


def key_value(settings: Settings) -> str:
    production = settings.profile is Profile.PRODUCTION
    return "redis" if production and settings.redis_url else "memory"


def bus(settings: Settings) -> str:
    production = settings.profile is Profile.PRODUCTION
    return "nats" if production and settings.nats_url else "memory"


def hashing(settings: Settings) -> str:
    return "memory" if settings.profile is Profile.MEMORY else "argon2"


class Infrastructure(containers.DeclarativeContainer):
    """Adapters for every port, chosen from ``settings``."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    worker = providers.Resource(worker_id, settings)
    ids = providers.Singleton(SnowflakeIdGenerator, worker_id=worker, clock=clock)
    random = providers.Singleton(SecretsRandomness)

    database = providers.Resource(open_database, settings)
    scylla = providers.Resource(open_scylla, settings)
    redis = providers.Resource(open_redis, settings)
    nats = providers.Resource(open_nats, settings)

    uow = providers.Selector(
        providers.Callable(relational, settings),
        memory=providers.Singleton(MemoryUnitOfWork),
        sql=providers.Singleton(SqlUnitOfWork, database),
    )
    _side = providers.Callable(message_side, settings)
    messages = providers.Selector(
        _side,
        memory=providers.Singleton(MemoryMessageStore),
        sql=providers.Singleton(SqlMessageStore, database),
        scylla=providers.Singleton(ScyllaMessageStore, scylla),
    )
    read_states = providers.Selector(
        _side,
        memory=providers.Singleton(MemoryReadStateStore),
        sql=providers.Singleton(SqlReadStateStore, database),
        scylla=providers.Singleton(ScyllaReadStateStore, scylla),
    )
    attachments = providers.Selector(
        _side,
        memory=providers.Singleton(MemoryAttachmentStore),
        sql=providers.Singleton(SqlAttachmentStore, database),
        scylla=providers.Singleton(ScyllaAttachmentStore, scylla, clock),
    )
    mentions = providers.Selector(
        _side,
        memory=providers.Singleton(MemoryMentionStore),
        sql=providers.Singleton(SqlMentionStore, database),
        scylla=providers.Singleton(ScyllaMentionStore, scylla),
    )
    _kv = providers.Callable(key_value, settings)
    rate_limiter = providers.Selector(
        _kv,
        memory=providers.Singleton(MemoryRateLimiter, clock),
        redis=providers.Singleton(RedisRateLimiter, redis),
    )
    idempotency = providers.Selector(
        _kv,
        memory=providers.Singleton(MemoryIdempotencyStore, clock),
        redis=providers.Singleton(RedisIdempotencyStore, redis),
    )
    _bus = providers.Callable(bus, settings)
    _memory_bus = providers.Singleton(MemoryEventPublisher, keep_history=False)
    _nats_bus = providers.Singleton(
        NatsEventPublisher, nats, durable=providers.Singleton(JetStreamEventPublisher, nats)
    )
    events = providers.Selector(_bus, memory=_memory_bus, nats=_nats_bus)
    subscriber = providers.Selector(
        _bus, memory=providers.Singleton(MemoryEventSubscriber, _memory_bus), nats=_nats_bus
    )
    presence = providers.Selector(
        _kv,
        memory=providers.Singleton(MemoryPresenceStore, clock),
        redis=providers.Singleton(RedisPresenceStore, redis),
    )
    """Redis (shared by every gateway process) when ``redis_url`` is set, else in process."""
    hasher = providers.Selector(
        providers.Callable(hashing, settings),
        memory=providers.Singleton(MemoryPasswordHasher),
        argon2=providers.Singleton(
            Argon2PasswordHasher,
            time_cost=providers.Callable(lambda s: s.argon2_time_cost, settings),
            memory_cost_kib=providers.Callable(lambda s: s.argon2_memory_kib, settings),
        ),
    )
    tokens = providers.Singleton(
        JoseTokenService, secret=providers.Callable(lambda s: s.auth_secret, settings), clock=clock
    )
    mailer = providers.Singleton(make_mailer, settings)
