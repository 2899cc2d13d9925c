"""What only the SQL backends promise: migrations, persistence, error translation, locking."""

import asyncio
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.sql.engine import Database
from adapters.sql.message_store import SqlMessageStore
from adapters.sql.migrate import alembic_config, upgrade, upgrade_url
from adapters.sql.tables import metadata
from adapters.sql.unit_of_work import SqlUnitOfWork
from application.errors import StoreConflict, Unavailable
from domain.messages import Message
from tests.contract.builders import BIG, guild, user
from tests.contract.conftest import sqlite_url


def _url(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


def _schema_differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), metadata))


async def test_migrated_schema_matches_the_tables_module(database: Database) -> None:
    async with database.engine.connect() as connection:
        assert await connection.run_sync(_schema_differences) == []


async def test_migrating_again_changes_nothing(database: Database) -> None:
    async with SqlUnitOfWork(database).write() as tx:
        await tx.users.add(user(1))
    await upgrade(database.engine)
    await asyncio.to_thread(upgrade_url, _url(database))
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    async with database.engine.connect() as connection:
        version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert version == [(head,)]
    assert tables == {*metadata.tables, "alembic_version"}
    async with SqlUnitOfWork(database).read() as tx:
        assert await tx.users.get(1) == user(1)


async def test_data_survives_dispose_and_reopen(database: Database) -> None:
    async with SqlUnitOfWork(database).write() as tx:
        await tx.users.add(user(BIG))
        await tx.guilds.add(guild(BIG, owner_id=BIG))
    message = Message(id=BIG, channel_id=BIG, author_id=BIG, content="kept")
    await SqlMessageStore(database).add(message)
    await database.dispose()

    reopened = Database.from_url(_url(database))
    try:
        async with SqlUnitOfWork(reopened).read() as tx:
            assert await tx.users.get(BIG) == user(BIG)
            assert await tx.guilds.get(BIG) == guild(BIG, owner_id=BIG)
        assert await SqlMessageStore(reopened).get(BIG, BIG) == message
    finally:
        await reopened.dispose()


async def _driver_threads_finished() -> None:
    """aiosqlite stops the thread of a failed connect without awaiting it; let it finish
    before the test's event loop closes, or it reports into a closed loop."""
    for _ in range(200):
        if not any("_connection_worker_thread" in t.name for t in threading.enumerate()):
            return
        await asyncio.sleep(0.01)


async def test_unreachable_database_is_unavailable(tmp_path: Path) -> None:
    database = Database.from_url(sqlite_url(tmp_path / "missing-directory"))
    try:
        with pytest.raises(Unavailable):
            async with SqlUnitOfWork(database).read() as tx:
                await tx.users.get(1)
    finally:
        await database.dispose()
        await _driver_threads_finished()


async def test_a_postgres_connection_lost_while_opening_is_unavailable() -> None:
    """The server went away mid-handshake: SQLAlchemy raises a DBAPIError it does not flag as a
    disconnect (it used to escape as a 500). No server needed: the driver call fails."""
    from asyncpg.exceptions import ConnectionDoesNotExistError  # type: ignore[import-untyped]  # noqa: PLC0415

    async def lost_mid_handshake() -> object:
        raise ConnectionDoesNotExistError("connection was closed in the middle of operation")

    engine = create_async_engine("postgresql+asyncpg://", async_creator=lost_mid_handshake)
    database = Database(engine)
    try:
        with pytest.raises(Unavailable):
            async with SqlUnitOfWork(database).read() as tx:
                await tx.users.get(1)
    finally:
        await database.dispose()


async def test_unmigrated_database_is_unavailable(tmp_path: Path) -> None:
    database = Database.from_url(sqlite_url(tmp_path))
    try:
        with pytest.raises(Unavailable):
            await SqlMessageStore(database).get(1, 1)
    finally:
        await database.dispose()


async def test_conflict_escaping_a_write_is_a_store_conflict(database: Database) -> None:
    uow = SqlUnitOfWork(database)
    async with uow.write() as tx:
        await tx.users.add(user(1))
    with pytest.raises(StoreConflict):
        async with uow.write() as tx:
            await tx.users.add(user(1, discriminator="other"))


async def test_concurrent_writers_all_commit(database: Database) -> None:
    uow = SqlUnitOfWork(database)
    messages = SqlMessageStore(database)

    async def register(user_id: int) -> None:
        async with uow.write() as tx:
            await tx.users.add(user(user_id))
            await asyncio.sleep(0)  # let the others pile up behind the writer
            await tx.settings.save(user_id, b"{}")
        await messages.add(Message(id=user_id, channel_id=1, author_id=user_id))

    await asyncio.wait_for(asyncio.gather(*(register(i) for i in range(1, 31))), timeout=30)
    async with uow.read() as tx:
        assert len(await tx.users.get_many(range(1, 31))) == 30
    assert len(await messages.after(1, 0, 100)) == 30


async def test_store_write_inside_a_write_block_does_not_deadlock(database: Database) -> None:
    """SQLite has one writer; a nested write in the same task joins the open transaction."""
    uow = SqlUnitOfWork(database)
    messages = SqlMessageStore(database)
    message = Message(id=5, channel_id=6, author_id=1, content="nested")

    async def use_case() -> None:
        async with uow.write() as tx:
            await tx.users.add(user(1))
            await messages.add(message)

    await asyncio.wait_for(use_case(), timeout=10)
    assert await messages.get(6, 5) == message
    async with uow.read() as tx:
        assert await tx.users.get(1) == user(1)


async def test_failed_nested_write_keeps_the_outer_one(database: Database) -> None:
    uow = SqlUnitOfWork(database)

    async def use_case() -> None:
        async with uow.write() as tx:
            await tx.users.add(user(1))
            with pytest.raises(StoreConflict):
                async with uow.write() as inner:
                    await inner.users.add(user(1))
            await tx.users.add(user(2))

    await asyncio.wait_for(use_case(), timeout=10)
    async with uow.read() as tx:
        assert sorted(await tx.users.get_many([1, 2])) == [1, 2]
