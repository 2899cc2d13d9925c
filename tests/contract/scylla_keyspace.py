"""A throw-away keyspace on the Cassandra/Scylla named by ``PARLEY_CASSANDRA_HOSTS``/``_PORT``.

One keyspace per test run (``parley_test_<random>``), created and migrated by the first case that
needs it and dropped at the end of the session; each case starts from truncated tables. Without
the variables the ``scylla`` cases skip locally and fail in CI (``tests.contract.servers``).
"""

import asyncio
import gc
import os
import secrets
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from adapters.scylla.schema import migrate
from adapters.scylla.session import ScyllaConfig, ScyllaSession
from tests.contract.servers import server_url

HOSTS_VARIABLE = "PARLEY_CASSANDRA_HOSTS"
PORT_VARIABLE = "PARLEY_CASSANDRA_PORT"

DRIVER_SOCKETS_MESSAGE = "unclosed <socket.socket fd=[0-9]+, family=1"
DRIVER_SOCKETS = pytest.mark.filterwarnings(f"ignore:{DRIVER_SOCKETS_MESSAGE}:ResourceWarning")
"""acsylla wakes the event loop through Unix socket pairs that it closes only with the loop, which
each test closes; in a server process the one loop lives as long as the driver does."""

TABLES = (
    "messages",
    "message_buckets",
    "attachments",
    "read_states",
    "mentions",
    "channel_mentions",
)


class ScratchKeyspace:
    """Created lazily, inside the first case's event loop, so runs without Scylla never wait."""

    def __init__(self) -> None:
        self.name = f"parley_test_{secrets.token_hex(4)}"
        self._migrated = False

    def config(self) -> ScyllaConfig:
        hosts = server_url("cassandra", HOSTS_VARIABLE)
        return ScyllaConfig(
            hosts=tuple(host.strip() for host in hosts.split(",") if host.strip()),
            port=int(os.environ.get(PORT_VARIABLE) or 9042),
            keyspace=self.name,
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[ScyllaSession]:
        """A session on the migrated keyspace, every table emptied first."""
        config = self.config()
        if not self._migrated:
            await migrate(config)
            self._migrated = True
        session = ScyllaSession(config)
        try:
            for table in TABLES:
                await session.execute_schema(f"TRUNCATE {table}")
            yield session
        finally:
            await session.close()

    def drop(self) -> None:
        """Blocking; for the end of the session, outside any event loop and any test's marks."""
        if not self._migrated:
            return
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", DRIVER_SOCKETS_MESSAGE, ResourceWarning)
            asyncio.run(self.drop_async())
            gc.collect()  # the driver's socket pairs, freed with the loop, inside this filter

    async def drop_async(self) -> None:
        config = self.config()
        session = ScyllaSession(config)
        try:
            await session.execute_schema(f"DROP KEYSPACE IF EXISTS {config.keyspace}")
        finally:
            await session.close()
