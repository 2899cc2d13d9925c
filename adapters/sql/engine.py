"""Engines and transactions for SQLite (embedded profile) and PostgreSQL (production profile).

Every adapter in this package reaches the database through ``Database.read()`` or
``Database.write()``, which is where driver failures become application errors: a server that is
gone (or a SQLite file that stays locked) is ``Unavailable``, a uniqueness violation is
``StoreConflict``. Nothing else is translated; any other driver error is a bug and surfaces as is.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    TimeoutError as PoolTimeoutError,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from application.errors import StoreConflict, Unavailable

SQLITE_BUSY_TIMEOUT_MS = 5_000
PG_CONNECT_TIMEOUT_S = 10
PG_COMMAND_TIMEOUT_S = 30
POOL_TIMEOUT_S = 10

WRITE_OPTION = "parley_write"
"""Execution option marking a connection whose transaction will write (SQLite: BEGIN IMMEDIATE)."""

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
)

_UNIQUE_SQLSTATE = "23505"
_SQLITE_UNIQUE_NAMES = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})


def create_engine(url: str) -> AsyncEngine:
    """An engine for ``sqlite+aiosqlite://`` or ``postgresql+asyncpg://`` URLs."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, pool_timeout=POOL_TIMEOUT_S)
        _tune_sqlite(engine)
        return engine
    return create_async_engine(
        url,
        pool_pre_ping=True,  # a restarted server is noticed at checkout, not mid-request
        pool_timeout=POOL_TIMEOUT_S,
        connect_args={"timeout": PG_CONNECT_TIMEOUT_S, "command_timeout": PG_COMMAND_TIMEOUT_S},
    )


def _tune_sqlite(engine: AsyncEngine) -> None:
    """WAL and friends on every new connection, and SQLAlchemy (not sqlite3) issuing BEGIN.

    The sqlite3 driver's legacy transaction handling skips BEGIN before SELECT and SAVEPOINT,
    which breaks repeatable reads and savepoints; taking BEGIN over (SQLAlchemy's documented
    recipe) fixes both and lets write transactions start with ``BEGIN IMMEDIATE``, so they hold
    the write lock from the start instead of failing to upgrade a read lock later.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def is_unique_violation(error: IntegrityError) -> bool:
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if sqlstate is not None:
        return bool(sqlstate == _UNIQUE_SQLSTATE)
    if getattr(original, "sqlite_errorname", None) in _SQLITE_UNIQUE_NAMES:
        return True
    return "UNIQUE constraint failed" in str(original)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn driver errors into ``StoreConflict`` / ``Unavailable``; leave the rest alone."""
    try:
        yield
    except IntegrityError as error:
        if is_unique_violation(error):
            raise StoreConflict("already exists") from error
        raise
    except (OperationalError, InterfaceError, PoolTimeoutError) as error:
        raise Unavailable from error
    except DBAPIError as error:
        if error.connection_invalidated:
            raise Unavailable from error
        raise


async def insert_unique(connection: AsyncConnection, *statements: Any) -> None:
    """Run inserts inside a savepoint; a uniqueness clash raises ``StoreConflict``.

    The savepoint keeps the surrounding transaction usable after the clash (PostgreSQL aborts a
    transaction on any failed statement), so a use case may catch the conflict and go on.
    """
    with translate_errors():
        async with connection.begin_nested():
            for statement in statements:
                await connection.execute(statement)


class Database:
    """Owns the engine and hands out read and write transactions.

    SQLite allows one writer at a time. Write transactions are serialized in-process by a lock
    (so they queue in asyncio instead of spinning in SQLite's busy handler) and begin with
    ``BEGIN IMMEDIATE``; a write opened while the same task already holds one joins it as a
    savepoint, because a second connection could never get the write lock and would deadlock.
    Such a joined write commits (or rolls back) with the outer one. A write started by another
    task that the lock holder awaits still waits for the holder, so do not spawn writers from
    inside a write block. PostgreSQL needs none of this: each transaction gets its own pooled
    connection.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._write_lock = asyncio.Lock()
        self._writer: tuple[asyncio.Task[Any], AsyncConnection] | None = None

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(create_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that is always rolled back: a consistent snapshot for several reads."""
        with translate_errors():
            async with self._connect() as connection, connection.begin() as transaction:
                yield connection
                await transaction.rollback()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that commits when the block ends normally and rolls back otherwise."""
        if not self._sqlite:
            with translate_errors():
                async with self._connect() as connection, connection.begin():
                    yield connection
            return
        task = asyncio.current_task()
        if self._writer is not None and task is not None and self._writer[0] is task:
            connection = self._writer[1]
            with translate_errors():
                async with connection.begin_nested():
                    yield connection
            return
        async with self._write_lock:
            with translate_errors():
                async with self._connect(writes=True) as connection:
                    self._writer = (task, connection) if task is not None else None
                    try:
                        async with connection.begin():
                            yield connection
                    finally:
                        self._writer = None

    @asynccontextmanager
    async def _connect(self, *, writes: bool = False) -> AsyncIterator[AsyncConnection]:
        try:
            connection = await self.engine.connect()
        except OSError as error:  # asyncpg raises the socket error itself when refused
            raise Unavailable from error
        try:
            if writes:
                connection = await connection.execution_options(**{WRITE_OPTION: True})
            yield connection
        finally:
            await connection.close()

    async def dispose(self) -> None:
        await self.engine.dispose()
