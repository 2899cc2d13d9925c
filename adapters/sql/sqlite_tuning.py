"""How SQLite connections are set up and how their transactions begin and end.

The sqlite3 driver's legacy transaction handling skips BEGIN before SELECT and SAVEPOINT, which
breaks repeatable reads and savepoints; taking BEGIN over (SQLAlchemy's documented recipe) fixes
both and lets write transactions start with ``BEGIN IMMEDIATE``, so they hold the write lock from
the start instead of failing to upgrade a read lock later. A connection marked
``AUTOCOMMIT_OPTION`` runs its one statement without BEGIN.

Every call into aiosqlite is a hop to its thread and back, which costs more CPU than SQLite
spends on a small statement. So BEGIN goes straight to the driver (one hop; a cursor through
SQLAlchemy takes three), and the pool's rollback on check-in (SQLAlchemy's documented
custom-reset recipe, with ``pool_reset_on_return=None``) happens only when the connection is
really inside a transaction: most come back after their commit or rollback.
"""

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import ConnectionPoolEntry, PoolResetState

SQLITE_BUSY_TIMEOUT_MS = 5_000

WRITE_OPTION = "parley_write"
"""Execution option marking a connection whose transaction will write (SQLite: BEGIN IMMEDIATE)."""

AUTOCOMMIT_OPTION = "parley_autocommit"
"""Execution option marking a SQLite connection that runs one statement without BEGIN."""

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
)


def tune_sqlite(engine: AsyncEngine) -> None:
    """Install the listeners below on an engine made with ``pool_reset_on_return=None``."""
    event.listen(engine.sync_engine, "connect", _on_connect)
    event.listen(engine.sync_engine, "begin", _on_begin)
    event.listen(engine.sync_engine, "reset", _on_reset)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    """WAL and friends on every new connection, and SQLAlchemy (not sqlite3) issuing BEGIN."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(AUTOCOMMIT_OPTION, False):
        return
    begin = "BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN"
    adapted: Any = connection.connection.dbapi_connection
    try:
        adapted.run_async(lambda driver: driver.execute_fetchall(begin))
    except sqlite3.Error as error:  # wrapped as SQLAlchemy would, so the caller maps it
        raise DBAPIError.instance(begin, None, error, sqlite3.Error) from error


def _on_reset(dbapi_connection: Any, record: ConnectionPoolEntry, state: PoolResetState) -> None:
    if state.terminate_only or not state.asyncio_safe:
        return
    driver = record.driver_connection
    try:
        idle = driver is not None and not driver.in_transaction
    except ValueError:  # aiosqlite without a live connection: roll back as usual
        idle = False
    if not idle:
        dbapi_connection.rollback()
