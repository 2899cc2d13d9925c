"""Alembic environment for Parley's schema.

``adapters.sql.migrate`` hands over a connection already inside a transaction, so the whole
upgrade is one transaction on both SQLite and PostgreSQL. Run from the ``alembic`` command line
instead (with ``sqlalchemy.url`` set), it opens its own engine.
"""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

import adapters.sql.message_tables  # noqa: F401  (puts the message-side tables on ``metadata``)
from adapters.sql.engine import create_engine
from adapters.sql.tables import metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite can only alter a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_url(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


def main() -> None:
    config = context.config
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        run_migrations(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        msg = "set sqlalchemy.url or pass a connection in config.attributes['connection']"
        raise RuntimeError(msg)
    asyncio.run(run_from_url(url))


main()
