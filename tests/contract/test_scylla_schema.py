"""``migrate`` against a real server: idempotent, recorded, and what the stores expect."""

from dataclasses import replace

import pytest

from adapters.scylla.message_store import ScyllaMessageStore
from adapters.scylla.migrations import MIGRATIONS
from adapters.scylla.schema import applied_versions, index_existing_messages, migrate
from adapters.scylla.session import ScyllaSession
from application.errors import Unavailable
from domain.ids import bucket_of, compose
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


async def test_an_unmigrated_keyspace_is_unavailable(scratch_keyspace: ScratchKeyspace) -> None:
    config = scratch_keyspace.config()
    missing = ScyllaSession(replace(config, keyspace=f"{config.keyspace}_missing"))
    try:
        with pytest.raises(Unavailable):
            await ScyllaMessageStore(missing).get(1, 1)
    finally:
        await missing.close()

    bare = replace(config, keyspace=f"{config.keyspace}_bare")
    admin = ScyllaSession(bare)
    await admin.execute_schema(
        f"CREATE KEYSPACE {bare.keyspace} WITH replication = {bare.replication()}"
    )
    session = ScyllaSession(bare)
    try:
        with pytest.raises(Unavailable):  # no tables: run `parley migrate`
            await ScyllaMessageStore(session).get(1, 1)
    finally:
        await session.close()
        await admin.execute_schema(f"DROP KEYSPACE {bare.keyspace}")
        await admin.close()


async def test_messages_written_without_the_index_are_found_once_indexed(
    scratch_keyspace: ScratchKeyspace,
) -> None:
    day = 86_400_000
    ids = [compose(6154 * day + step * day // 3, 0, 0) for step in range(9)]  # three days
    async with scratch_keyspace.session() as session:
        for message_id in ids:  # as GoChat writes them (spec §13.1 step 3)
            await session.execute(
                "INSERT INTO messages (channel_id, bucket, id, user_id, content, attachments, "
                "embeds, auto_embeds, flags, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (5, bucket_of(message_id), message_id, 7, "hi", [], "[]", "[]", 0, 0),
            )
        store = ScyllaMessageStore(session)
        assert [m.id for m in await store.before(5, ids[-1], 50)] == ids[:5:-1]  # last day only

        assert await index_existing_messages(session) == 3
        assert [m.id for m in await store.before(5, ids[-1], 50)] == ids[::-1]
        assert [m.id for m in await store.after(5, 0, 50)] == ids
        assert await index_existing_messages(session) == 3
