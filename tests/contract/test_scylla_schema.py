"""``migrate`` against a real server: idempotent, recorded, and what the stores expect."""

import pytest

from adapters.scylla.migrations import MIGRATIONS
from adapters.scylla.schema import applied_versions, migrate
from adapters.scylla.session import ScyllaSession
from tests.contract.scylla_keyspace import DRIVER_SOCKETS, TABLES, ScratchKeyspace

pytestmark = [pytest.mark.integration, DRIVER_SOCKETS]


async def test_migrating_again_changes_nothing(scratch_keyspace: ScratchKeyspace) -> None:
    async with scratch_keyspace.session() as session:
        assert await applied_versions(session) == {m.version for m in MIGRATIONS}
        assert await migrate(session) == []
        assert await migrate(session.config) == []
        lease = await session.execute("SELECT version FROM schema_migrations WHERE version = -1")
        assert lease == []  # released


async def test_every_table_exists_with_gochat_keys(scratch_keyspace: ScratchKeyspace) -> None:
    async with scratch_keyspace.session() as session:
        rows = await session.execute(
            "SELECT table_name, column_name, kind, position, clustering_order "
            "FROM system_schema.columns WHERE keyspace_name = ?",
            (session.config.keyspace,),
        )
        keys = {
            (row["table_name"], row["column_name"]): (row["kind"], row["clustering_order"])
            for row in rows
            if row["kind"] != "regular"
        }
        assert {table for table, _ in keys} == {*TABLES, "schema_migrations"}
        assert keys[("messages", "channel_id")][0] == "partition_key"
        assert keys[("messages", "bucket")][0] == "partition_key"
        assert keys[("messages", "id")] == ("clustering", "desc")


async def test_a_fresh_keyspace_is_created_with_its_replication() -> None:
    keyspace = ScratchKeyspace()
    config = keyspace.config()
    assert await migrate(config) == [m.version for m in MIGRATIONS]
    session = ScyllaSession(config)
    try:
        rows = await session.execute(
            "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
            (config.keyspace,),
        )
        assert rows[0]["replication"]["replication_factor"] == "1"
    finally:
        await session.close()
        await keyspace.drop_async()
