"""One driver session per process: configuration, prepared statements and error translation.

Every store in this package talks to the cluster through ``ScyllaSession``, which is where driver
failures become application errors: no reachable host, a timeout, an overloaded or bootstrapping
node, or a keyspace or table that was never migrated is ``Unavailable`` (503, and the next call
tries again). Any other driver error is a bug and surfaces as is.

The session connects on first use (or on ``connect()``, to fail fast at start-up). After a
failed connect, calls fail at once for ``RECONNECT_DELAY_S`` and the next call after that tries
again, so a cluster that is down costs each request nothing and is picked up when it is back;
once connected, the driver itself reconnects to nodes that went away.

Statements are prepared once per session and reused; two coroutines preparing the same text at
the same moment both succeed and one result is kept (the server hands out the same id), which is
cheaper than a lock on every call.

Statements are written with bare table names and run with the configured keyspace in front of
each (``qualify``): the session never issues ``USE``, which Cassandra 5 warns against for
prepared statements, and one session can create the keyspace and then its tables.
"""

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import acsylla
from acsylla import errors

from application.errors import Unavailable

Row = dict[str, Any]
"""A result row by column name (or ``AS`` alias), with the driver's Python values."""

PAGE_SIZE = 1000
"""Rows per page; history queries ask for at most a page's worth, scans page through."""

RECONNECT_DELAY_S = 1.0
"""After a failed connect, how long calls answer ``Unavailable`` without trying again."""

PARALLEL_WRITES = 64
"""Statements of one ``execute_each`` call in flight at once."""

_KEYSPACE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,47}")
_DATACENTER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_TABLE_REFERENCE = re.compile(
    r"\b(FROM|INTO|UPDATE|TRUNCATE|TABLE(?:\s+IF(?:\s+NOT)?\s+EXISTS)?)\s+(?![\w\"]+\.)(\w+)",
    re.IGNORECASE,
)

_UNAVAILABLE = (
    errors.CassExceptionConnectionError,
    errors.CassErrorLibNoHostsAvailable,
    errors.CassErrorLibUnableToConnect,
    errors.CassErrorLibRequestTimedOut,
    errors.CassErrorLibRequestQueueFull,
    errors.CassErrorLibNoStreams,
    errors.CassErrorLibNoAvailableIoThread,
    errors.CassErrorLibWriteError,
    errors.CassErrorLibUnableToSetKeyspace,
    errors.CassErrorLibUnableToDetermineProtocol,
    errors.CassErrorServerUnavailable,
    errors.CassErrorServerOverloaded,
    errors.CassErrorServerIsBootstrapping,
    errors.CassErrorServerReadTimeout,
    errors.CassErrorServerWriteTimeout,
    errors.CassErrorServerReadFailure,
    errors.CassErrorServerWriteFailure,
    errors.CassErrorServerTruncateError,
)

_NOT_MIGRATED = ("unconfigured table", "does not exist")
"""Texts of the invalid-query errors a statement gets before ``migrate`` ran (Cassandra, Scylla)."""


class Consistency(StrEnum):
    """Consistency levels offered for reads and writes (``LOCAL_QUORUM`` unless configured)."""

    LOCAL_QUORUM = "LOCAL_QUORUM"
    QUORUM = "QUORUM"
    LOCAL_ONE = "LOCAL_ONE"
    ONE = "ONE"


@dataclass(frozen=True, slots=True, kw_only=True)
class ScyllaConfig:
    """How to reach the cluster and what the keyspace looks like.

    ``datacenters`` (name → replicas) selects ``NetworkTopologyStrategy``; without it the keyspace
    uses ``SimpleStrategy`` with ``replication_factor`` (1 suits a single development node).
    """

    hosts: tuple[str, ...]
    port: int = 9042
    keyspace: str = "parley"
    consistency: Consistency = Consistency.LOCAL_QUORUM
    connect_timeout_s: float = 5.0
    request_timeout_s: float = 5.0
    replication_factor: int = 1
    datacenters: tuple[tuple[str, int], ...] = ()
    username: str = ""
    password: str = ""

    def __post_init__(self) -> None:
        if not self.hosts:
            raise ValueError("at least one Cassandra/Scylla contact point is needed")
        if not _KEYSPACE_NAME.fullmatch(self.keyspace):
            raise ValueError(f"keyspace name {self.keyspace!r} is not a plain CQL identifier")
        if not all(_DATACENTER_NAME.fullmatch(name) for name, _ in self.datacenters):
            raise ValueError(f"datacenter names {self.datacenters!r} must be plain names")
        if self.replication_factor < 1 or any(n < 1 for _, n in self.datacenters):
            raise ValueError("replication factors must be at least 1")

    def replication(self) -> str:
        """The keyspace's ``replication`` map in CQL."""
        if not self.datacenters:
            return f"{{'class': 'SimpleStrategy', 'replication_factor': {self.replication_factor}}}"
        entries = "".join(f", '{name}': {count}" for name, count in self.datacenters)
        return f"{{'class': 'NetworkTopologyStrategy'{entries}}}"


def qualify(cql: str, keyspace: str) -> str:
    """Put ``keyspace.`` before each bare table name (after FROM, INTO, UPDATE, TABLE, TRUNCATE)."""
    return _TABLE_REFERENCE.sub(rf"\1 {keyspace}.\2", cql)


@contextmanager
def translated() -> Iterator[None]:
    """Turn the driver's "cannot serve this now" errors into ``Unavailable``."""
    try:
        yield
    except _UNAVAILABLE as error:
        raise Unavailable() from error


class ScyllaSession:
    """A lazily connected driver session whose statements address the configured keyspace."""

    def __init__(self, config: ScyllaConfig) -> None:
        self.config = config
        self._cluster: Any = None
        self._session: Any = None
        self._prepared: dict[str, Any] = {}
        self._connecting = asyncio.Lock()
        self._failed_at = -RECONNECT_DELAY_S

    async def connect(self) -> None:
        """Connect now rather than on first use; ``Unavailable`` if no node answers."""
        await self._driver_session()

    async def close(self) -> None:
        session, self._session = self._session, None
        self._prepared.clear()
        if session is not None:
            await session.close()

    async def execute(
        self, cql: str, values: Sequence[object] = (), *, idempotent: bool = True
    ) -> list[Row]:
        """Run a prepared statement and return every row, paging through large results.

        ``idempotent`` lets the driver retry the statement after a timeout; only lightweight
        transactions and other read-modify-write statements must pass ``False``.
        """
        rows: list[Row] = []
        async for page in self.pages(cql, values, idempotent=idempotent):
            rows += page
        return rows

    async def pages(
        self, cql: str, values: Sequence[object] = (), *, idempotent: bool = True
    ) -> AsyncIterator[list[Row]]:
        """Run a prepared statement and yield its rows a page (``PAGE_SIZE`` rows) at a time."""
        prepared = await self._prepare(cql)
        statement = prepared.bind(page_size=PAGE_SIZE)
        if values:
            statement.bind_list(list(values))
        statement.set_is_idempotent(idempotent)
        session = await self._driver_session()
        while True:
            with translated():
                result = await session.execute(statement)
                page = [row.as_dict() for row in result]
            yield page
            if not result.has_more_pages():
                return
            statement.set_page_state(result.page_state())

    async def execute_each(self, cql: str, rows_of_values: Iterable[Sequence[object]]) -> None:
        """Run one prepared write per set of values, ``PARALLEL_WRITES`` at a time.

        Every write is finished (applied or failed) when this returns; the first failure is then
        raised as is, so callers see ``Unavailable`` rather than an exception group.
        """
        gate = asyncio.Semaphore(PARALLEL_WRITES)

        async def run(values: Sequence[object]) -> None:
            async with gate:
                await self.execute(cql, values)

        outcomes = await asyncio.gather(*map(run, rows_of_values), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

    async def execute_schema(self, cql: str) -> None:
        """Run a schema (DDL) statement unprepared; the driver waits for schema agreement."""
        session = await self._driver_session()
        with translated():
            await session.execute(acsylla.create_statement(qualify(cql, self.config.keyspace)))

    async def _prepare(self, cql: str) -> Any:
        prepared = self._prepared.get(cql)
        if prepared is not None:
            return prepared
        session = await self._driver_session()
        try:
            with translated():
                prepared = await session.create_prepared(qualify(cql, self.config.keyspace))
        except errors.CassErrorServerInvalidQuery as error:
            if any(text in str(error).lower() for text in _NOT_MIGRATED):
                raise Unavailable() from error  # schema missing: run `parley migrate`
            raise
        self._prepared[cql] = prepared
        return prepared

    async def _driver_session(self) -> Any:
        if self._session is not None:
            return self._session
        async with self._connecting:
            if self._session is None:
                if time.monotonic() - self._failed_at < RECONNECT_DELAY_S:
                    raise Unavailable()
                # One cluster object for every attempt: acsylla opens two socket pairs per
                # cluster and frees them only with the event loop, so a cluster per retry
                # would leak descriptors for as long as the server stays down.
                if self._cluster is None:
                    self._cluster = self._new_cluster()
                try:
                    with translated():
                        self._session = await self._cluster.create_session()
                except Unavailable:
                    self._failed_at = time.monotonic()
                    raise
        return self._session

    def _new_cluster(self) -> Any:
        config = self.config
        credentials = (
            {"username": config.username, "password": config.password} if config.username else {}
        )
        return acsylla.create_cluster(
            list(config.hosts),
            port=config.port,
            connect_timeout=config.connect_timeout_s,
            request_timeout=config.request_timeout_s,
            consistency=acsylla.Consistency[config.consistency.value],
            serial_consistency=acsylla.Consistency.LOCAL_SERIAL,
            **credentials,
        )
