"""The few statements whose SQL differs between SQLite and PostgreSQL, chosen by dialect name."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import islice
from typing import Any

from sqlalchemy import Case, Column, Table, case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

IN_LIST_CHUNK = 500
"""Ids per ``IN (...)`` list: far below SQLite's and asyncpg's bound-parameter limits."""


def upsert(connection: AsyncConnection, table: Table) -> sqlite.Insert | postgresql.Insert:
    """An INSERT that accepts ``on_conflict_do_nothing`` / ``on_conflict_do_update``.

    Both dialects spell ``ON CONFLICT`` the same way, but SQLAlchemy exposes it per dialect.
    """
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


@cache
def replacing_statement(
    dialect: str, table: Table, keys: tuple[str, ...]
) -> sqlite.Insert | postgresql.Insert:
    """``upsert_replacing`` built once per dialect and table: run it with a full values dict.

    Every non-key column is overwritten from ``EXCLUDED``, so the statement holds no values and
    one object serves every call; building a statement costs more CPU than SQLite spends
    running it, and a reused one also keeps its compiled-cache key.
    """
    statement = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    changes = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=changes)


def upsert_replacing(
    connection: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> sqlite.Insert | postgresql.Insert:
    """Insert ``values``, or overwrite every non-key column of the row with the same ``keys``."""
    statement = upsert(connection, table).values(values)
    changes = {column: value for column, value in values.items() if column not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=changes)


def position_case(key: Column[int], positions: Mapping[int, int]) -> Case[int]:
    """``CASE WHEN key = id THEN position ...`` for a one-statement reorder.

    The searched form binds each id with the key column's type (BIGINT); the ``CASE key WHEN``
    form would bind them as INTEGER, which overflows on snowflakes under asyncpg.
    """
    return case(*((key == item, position) for item, position in positions.items()))


def chunks(ids: Iterable[int], size: int = IN_LIST_CHUNK) -> Iterator[list[int]]:
    """Distinct ids in lists of at most ``size``, in first-seen order."""
    unique = iter(dict.fromkeys(ids))
    while batch := list(islice(unique, size)):
        yield batch
