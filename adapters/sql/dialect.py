"""The few statements whose SQL differs between SQLite and PostgreSQL, chosen by dialect name."""

from collections.abc import Iterable, Iterator
from itertools import islice

from sqlalchemy import Table
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


def chunks(ids: Iterable[int], size: int = IN_LIST_CHUNK) -> Iterator[list[int]]:
    """Distinct ids in lists of at most ``size``, in first-seen order."""
    unique = iter(dict.fromkeys(ids))
    while batch := list(islice(unique, size)):
        yield batch
