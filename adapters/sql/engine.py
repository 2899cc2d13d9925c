"""Engines and transactions for SQLite (embedded profile) and PostgreSQL (production profile).

Every adapter in this package reaches the database through ``Database``'s read and write
transactions, which is where driver failures become application errors: a server that is
gone (or a SQLite file that stays locked) is ``Unavailable``, a uniqueness violation is
``StoreConflict``. Nothing else is translated; any other driver error is a bug and surfaces as is.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    TimeoutError as PoolTimeoutError,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from adapters.sql.read_cache import DEFAULT_MAX_ENTRIES, NO_CACHE, ReadCache, TxCache, WriteTx
from adapters.sql.sqlite_tuning import AUTOCOMMIT_OPTION, WRITE_OPTION, tune_sqlite
from application.errors import StoreConflict, Unavailable

PG_CONNECT_TIMEOUT_S = 10
PG_COMMAND_TIMEOUT_S = 30
POOL_TIMEOUT_S = 10

_UNIQUE_SQLSTATE = "23505"
_SQLITE_UNIQUE_NAMES = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})


def create_engine(url: str) -> AsyncEngine:
    """An engine for ``sqlite+aiosqlite://`` or ``postgresql+asyncpg://`` URLs."""
    if url.startswith("sqlite"):
        # Check-in resets only connections left inside a transaction (``sqlite_tuning``).
        engine = create_async_engine(url, pool_timeout=POOL_TIMEOUT_S, pool_reset_on_return=None)
        tune_sqlite(engine)
        return engine
    return create_async_engine(
        url,
        pool_pre_ping=True,  # a restarted server is noticed at checkout, not mid-request
        pool_timeout=POOL_TIMEOUT_S,
        connect_args={"timeout": PG_CONNECT_TIMEOUT_S, "command_timeout": PG_COMMAND_TIMEOUT_S},
    )


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


@dataclass(frozen=True, slots=True)
class _Writer:
    """The SQLite write transaction a task holds, which its nested writes join."""

    task: asyncio.Task[Any]
    connection: AsyncConnection
    changes: TxCache


class Database:
    """Owns the engine (and, on SQLite, the read cache) and hands out transactions.

    SQLite allows one writer at a time. Write transactions are serialized in-process by a lock
    (so they queue in asyncio instead of spinning in SQLite's busy handler) and begin with
    ``BEGIN IMMEDIATE``; a write opened while the same task already holds one joins it as a
    savepoint, because a second connection could never get the write lock and would deadlock.
    Such a joined write commits (or rolls back) with the outer one. A write started by another
    task that the lock holder awaits still waits for the holder, so do not spawn writers from
    inside a write block. PostgreSQL needs none of this: each transaction gets its own pooled
    connection.

    On SQLite, BEGIN is sent with a transaction's first statement (a transaction that finds all
    it needs in the read cache costs no round trip), and a block declared ``one_statement``
    runs its statement without BEGIN at all: one statement is atomic on its own. The read cache
    (``adapters.sql.read_cache``) is used by ``cached_read`` / ``cached_write`` only, i.e. by
    the unit of work's repositories.
    """

    def __init__(self, engine: AsyncEngine, *, cache_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._write_lock = asyncio.Lock()
        self._writer: _Writer | None = None
        self._task_writer: ContextVar[AsyncConnection | None] = ContextVar(
            f"parley_sql_writer_{id(self)}", default=None
        )
        self.read_cache = ReadCache(cache_entries) if self._sqlite and cache_entries else None

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(create_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def read(self, *, one_statement: bool = False) -> AsyncIterator[AsyncConnection]:
        """A transaction that is never committed: a consistent snapshot for several reads.

        ``one_statement`` promises the block runs exactly one statement (SQLite then skips
        BEGIN: a single SELECT sees one snapshot by itself).
        """
        with translate_errors():
            async with self._connect(autocommit=one_statement and self._sqlite) as connection:
                yield connection

    @asynccontextmanager
    async def cached_read(self) -> AsyncIterator[tuple[AsyncConnection, TxCache]]:
        """``read()`` plus this transaction's view of the read cache."""
        view = NO_CACHE if self.read_cache is None else self.read_cache.reader()
        async with self.read() as connection:
            yield connection, view

    @asynccontextmanager
    async def write(self, *, one_statement: bool = False) -> AsyncIterator[AsyncConnection]:
        """A transaction that commits when the block ends normally and rolls back otherwise.

        ``one_statement`` promises the block runs exactly one statement, which on SQLite then
        commits by itself, without BEGIN IMMEDIATE / COMMIT (still under the write lock).
        """
        async with self._write(one_statement=one_statement) as (connection, _):
            yield connection

    @asynccontextmanager
    async def cached_write(self) -> AsyncIterator[tuple[AsyncConnection, TxCache]]:
        """``write()`` plus the record of what its commit must drop from the read cache."""
        async with self._write(one_statement=False) as pair:
            yield pair

    @asynccontextmanager
    async def _server_write(self) -> AsyncIterator[AsyncConnection]:
        """A PostgreSQL write; one opened inside another by the same task joins it.

        A second connection would wait on the outer transaction's row locks until it timed
        out, so nesting behaves as on SQLite: the inner block is a savepoint of the outer one.
        """
        outer = self._task_writer.get()
        if outer is not None:
            with translate_errors():
                async with outer.begin_nested():
                    yield outer
            return
        with translate_errors():
            async with self._connect() as connection, connection.begin():
                token = self._task_writer.set(connection)
                try:
                    yield connection
                finally:
                    self._task_writer.reset(token)

    @asynccontextmanager
    async def _write(
        self, *, one_statement: bool
    ) -> AsyncIterator[tuple[AsyncConnection, TxCache]]:
        if not self._sqlite:
            async with self._server_write() as connection:
                yield connection, NO_CACHE
            return
        task = asyncio.current_task()
        writer = self._writer
        if writer is not None and task is not None and writer.task is task:
            with translate_errors():
                async with writer.connection.begin_nested():
                    yield writer.connection, writer.changes
            return
        async with self._write_lock:
            with translate_errors():
                async with self._connect(writes=True, autocommit=one_statement) as connection:
                    changes = NO_CACHE if self.read_cache is None else self.read_cache.writer()
                    self._writer = None if task is None else _Writer(task, connection, changes)
                    try:
                        yield connection, changes
                        if connection.in_transaction() and not one_statement:
                            await self._commit(connection, changes)
                    finally:
                        self._writer = None

    async def _commit(self, connection: AsyncConnection, changes: TxCache) -> None:
        if self.read_cache is None or not isinstance(changes, WriteTx):
            await connection.commit()
            return
        with self.read_cache.committing(changes):
            await connection.commit()

    @asynccontextmanager
    async def _connect(
        self, *, writes: bool = False, autocommit: bool = False
    ) -> AsyncIterator[AsyncConnection]:
        """A pooled connection; closing it rolls back whatever transaction is still open."""
        try:
            connection = await self.engine.connect()
        except (OSError, DBAPIError) as error:
            # Refused: asyncpg raises the socket error itself. Lost while the connection was
            # being set up (the server went away mid-handshake, is starting or shutting down,
            # or has no slot left): a DBAPIError that SQLAlchemy does not flag as a disconnect.
            # Either way this request has no database.
            raise Unavailable from error
        try:
            options = {WRITE_OPTION: writes} if writes else {}
            if autocommit:
                options[AUTOCOMMIT_OPTION] = True
            if options:
                connection = await connection.execution_options(**options)
            yield connection
        finally:
            await connection.close()

    async def dispose(self) -> None:
        await self.engine.dispose()
