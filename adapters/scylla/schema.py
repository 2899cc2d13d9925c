"""Create the keyspace and bring its tables to the newest migration (``parley migrate``).

``migrate`` is idempotent: it records each applied version in ``schema_migrations`` and skips
those on the next run. Cassandra has no transactional DDL, so every statement is written to be
safe to repeat, and concurrent runs (several replicas starting at once) take turns through a
lightweight-transaction lease row (``version = -1``) instead of racing schema changes, which
Cassandra handles badly.
"""

import asyncio
import secrets
import time

from adapters.scylla.migrations import MIGRATIONS, Migration
from adapters.scylla.session import ScyllaConfig, ScyllaSession
from application.errors import Unavailable

LEASE_VERSION = -1
"""``schema_migrations`` row held while migrating; it lapses after 300 s if its holder crashed."""
LEASE_WAIT_S = 120.0
LEASE_POLL_S = 0.5

_CREATE_LEDGER = """
    CREATE TABLE IF NOT EXISTS schema_migrations (
        version int PRIMARY KEY,
        name text,
        applied_at timestamp
    )
"""
_TAKE_LEASE = (
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (-1, ?, toTimestamp(now())) IF NOT EXISTS USING TTL 300"
)
_DROP_LEASE = "DELETE FROM schema_migrations WHERE version = -1 IF name = ?"
_APPLIED = "SELECT version FROM schema_migrations"
_PARTITIONS = "SELECT DISTINCT channel_id, bucket FROM messages"
_INDEX = "INSERT INTO message_buckets (channel_id, bucket) VALUES (?, ?)"
_RECORD = (
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, toTimestamp(now()))"
)


async def migrate(target: ScyllaConfig | ScyllaSession) -> list[int]:
    """Create the keyspace if needed and apply pending migrations; returns the versions applied.

    Given a configuration, opens a session for the duration; given a session, uses it.
    """
    if isinstance(target, ScyllaSession):
        return await _migrate(target)
    session = ScyllaSession(target)
    try:
        return await _migrate(session)
    finally:
        await session.close()


async def _migrate(session: ScyllaSession) -> list[int]:
    config = session.config
    await session.execute_schema(
        f"CREATE KEYSPACE IF NOT EXISTS {config.keyspace} WITH replication = {config.replication()}"
    )
    await session.execute_schema(_CREATE_LEDGER)
    owner = await _take_lease(session)
    try:
        return await _apply_pending(session, MIGRATIONS)
    finally:
        await session.execute(_DROP_LEASE, (owner,), idempotent=False)


async def index_existing_messages(session: ScyllaSession) -> int:
    """Fill ``message_buckets`` from the partitions of ``messages``; returns how many there are.

    For messages written without Parley's index, e.g. tables copied over from a GoChat keyspace
    (same ``messages`` layout): history finds a message only through its bucket's index row.
    One pass over the partition keys, a page at a time; safe to run again or while serving.
    """
    count = 0
    async for page in session.pages(_PARTITIONS):
        await session.execute_each(_INDEX, [(row["channel_id"], row["bucket"]) for row in page])
        count += len(page)
    return count


async def applied_versions(session: ScyllaSession) -> set[int]:
    rows = await session.execute(_APPLIED)
    return {row["version"] for row in rows} - {LEASE_VERSION}


async def _apply_pending(session: ScyllaSession, migrations: tuple[Migration, ...]) -> list[int]:
    done = await applied_versions(session)
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done:
            continue
        for statement in migration.statements:
            await session.execute_schema(statement)
        await session.execute(_RECORD, (migration.version, migration.name))
        applied.append(migration.version)
    return applied


async def _take_lease(session: ScyllaSession) -> str:
    """Wait for the migration lease; ``Unavailable`` if another migrator holds it too long."""
    owner = f"migrating:{secrets.token_hex(8)}"
    deadline = time.monotonic() + LEASE_WAIT_S
    while True:
        rows = await session.execute(_TAKE_LEASE, (owner,), idempotent=False)
        if rows and rows[0].get("[applied]"):
            return owner
        if time.monotonic() > deadline:
            raise Unavailable("another migration of the message store is still running")
        await asyncio.sleep(LEASE_POLL_S)
