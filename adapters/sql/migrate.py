"""Bring a database's schema to the newest Alembic revision, without any alembic.ini."""

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.engine import create_engine
from adapters.sql.sqlite_tuning import WRITE_OPTION

MIGRATIONS = Path(__file__).with_name("migrations")

_PG_MIGRATION_LOCK = 7_306_001
"""Advisory-lock key taken for the upgrade, so parallel starts migrate one after another."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration built in code; ``connection`` is used by ``env.py`` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate to ``revision`` in one transaction; running it again changes nothing.

    On SQLite the transaction begins IMMEDIATE, so a second process starting at the same time
    waits for the first instead of racing it; on PostgreSQL an advisory lock does the same.
    """
    async with engine.connect() as plain:
        connection = await plain.execution_options(**{WRITE_OPTION: True})
        async with connection.begin():
            if connection.dialect.name == "postgresql":
                await connection.exec_driver_sql(
                    f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})"
                )
            await connection.run_sync(_upgrade, revision)


def _upgrade(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


def upgrade_url(url: str) -> None:
    """Migrate the database at ``url`` (``sqlite+aiosqlite://`` or ``postgresql+asyncpg://``).

    Blocking: for command lines and start-up code outside an event loop.
    """
    asyncio.run(_upgrade_url(url))


async def _upgrade_url(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
