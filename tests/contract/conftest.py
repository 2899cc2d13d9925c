"""Backends every contract suite runs against.

``memory`` and ``sql`` (SQLite in a temporary file, migrated with ``adapters.sql.migrate``) run
always. ``postgres`` runs under ``-m integration`` when ``PARLEY_TEST_PG_URL`` names a scratch
database (``postgresql+asyncpg://...``); its Parley tables are dropped and re-created per test.
The message-side stores also run on ``scylla`` under ``-m integration`` (a scratch keyspace on the
server named by ``PARLEY_CASSANDRA_HOSTS``/``PARLEY_CASSANDRA_PORT``, see ``scylla_keyspace``).
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

import adapters.sql.message_tables  # noqa: F401  (the full schema, for dropping it)
from adapters.memory.attachment_store import MemoryAttachmentStore
from adapters.memory.clock import ManualClock
from adapters.memory.mention_store import MemoryMentionStore
from adapters.memory.message_store import MemoryMessageStore
from adapters.memory.read_state_store import MemoryReadStateStore
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.scylla.attachment_store import ScyllaAttachmentStore
from adapters.scylla.mention_store import ScyllaMentionStore
from adapters.scylla.message_store import ScyllaMessageStore
from adapters.scylla.read_state_store import ScyllaReadStateStore
from adapters.sql.attachment_store import SqlAttachmentStore
from adapters.sql.engine import Database
from adapters.sql.mention_store import SqlMentionStore
from adapters.sql.message_store import SqlMessageStore
from adapters.sql.migrate import upgrade
from adapters.sql.read_state_store import SqlReadStateStore
from adapters.sql.tables import metadata
from adapters.sql.unit_of_work import SqlUnitOfWork
from application.ports.attachment_store import AttachmentStore
from application.ports.mention_store import MentionStore
from application.ports.message_store import MessageStore
from application.ports.read_state_store import ReadStateStore
from application.ports.unit_of_work import UnitOfWork
from tests.contract.scylla_keyspace import DRIVER_SOCKETS, ScratchKeyspace
from tests.contract.servers import server_url

PG_URL_VARIABLE = "PARLEY_TEST_PG_URL"

SQL_BACKENDS = ["sql", pytest.param("postgres", marks=pytest.mark.integration)]
BACKENDS = ["memory", *SQL_BACKENDS]
MESSAGE_BACKENDS = [
    *BACKENDS,
    pytest.param("scylla", marks=[pytest.mark.integration, DRIVER_SOCKETS]),
]


@dataclass(frozen=True, slots=True)
class Stores:
    uow: UnitOfWork
    messages: MessageStore
    read_states: ReadStateStore
    attachments: AttachmentStore
    mentions: MentionStore


@dataclass(frozen=True, slots=True)
class MessageSide:
    """The stores GoChat keeps in Cassandra, which Scylla backs in production."""

    messages: MessageStore
    read_states: ReadStateStore
    attachments: AttachmentStore
    mentions: MentionStore


def sqlite_url(directory: Path) -> str:
    return f"sqlite+aiosqlite:///{directory / 'parley.db'}"


async def open_database(backend: str, directory: Path) -> Database:
    """A migrated, empty database of the given SQL backend."""
    if backend == "sql":
        database = Database.from_url(sqlite_url(directory))
    else:
        database = Database.from_url(server_url("PostgreSQL", PG_URL_VARIABLE))
        async with database.engine.begin() as connection:
            await connection.run_sync(metadata.drop_all)
            await connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    await upgrade(database.engine)
    return database


@asynccontextmanager
async def open_stores(backend: str, directory: Path) -> AsyncIterator[Stores]:
    if backend == "memory":
        yield Stores(
            uow=MemoryUnitOfWork(),
            messages=MemoryMessageStore(),
            read_states=MemoryReadStateStore(),
            attachments=MemoryAttachmentStore(),
            mentions=MemoryMentionStore(),
        )
        return
    database = await open_database(backend, directory)
    try:
        yield Stores(
            uow=SqlUnitOfWork(database),
            messages=SqlMessageStore(database),
            read_states=SqlReadStateStore(database),
            attachments=SqlAttachmentStore(database),
            mentions=SqlMentionStore(database),
        )
    finally:
        await database.dispose()


@pytest.fixture(params=BACKENDS)
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Stores]:
    async with open_stores(request.param, tmp_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def scratch_keyspace() -> Iterator[ScratchKeyspace]:
    keyspace = ScratchKeyspace()
    yield keyspace
    keyspace.drop()


@pytest.fixture(params=MESSAGE_BACKENDS)
async def message_side(
    request: pytest.FixtureRequest, tmp_path: Path, scratch_keyspace: ScratchKeyspace
) -> AsyncIterator[MessageSide]:
    if request.param == "scylla":
        async with scratch_keyspace.session() as session:
            yield MessageSide(
                messages=ScyllaMessageStore(session),
                read_states=ScyllaReadStateStore(session),
                attachments=ScyllaAttachmentStore(session, ManualClock()),
                mentions=ScyllaMentionStore(session),
            )
        return
    async with open_stores(request.param, tmp_path) as opened:
        yield MessageSide(opened.messages, opened.read_states, opened.attachments, opened.mentions)


@pytest.fixture(params=SQL_BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """SQL-only suites (migrations, persistence, error translation)."""
    database = await open_database(request.param, tmp_path)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def uow(stores: Stores) -> UnitOfWork:
    return stores.uow


@pytest.fixture
def messages(message_side: MessageSide) -> MessageStore:
    return message_side.messages


@pytest.fixture
def read_states(message_side: MessageSide) -> ReadStateStore:
    return message_side.read_states


@pytest.fixture
def attachments(message_side: MessageSide) -> AttachmentStore:
    return message_side.attachments


@pytest.fixture
def mentions(message_side: MessageSide) -> MentionStore:
    return message_side.mentions
