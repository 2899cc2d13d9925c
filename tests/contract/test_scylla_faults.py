"""The Scylla stores when the cluster goes away, stalls, or comes back.

The shared server keeps running; each case talks to it through a TCP proxy it can cut or
freeze. What must hold: calls fail with ``Unavailable`` within the timeout budget instead of
hanging or crashing, and the same store and session work again once the path is back.
"""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from adapters.scylla.message_store import ScyllaMessageStore
from adapters.scylla.session import ScyllaConfig, ScyllaSession
from application.errors import Unavailable
from domain.messages import Message
from tests.contract.scylla_keyspace import DRIVER_SOCKETS, ScratchKeyspace
from tests.contract.servers import free_port

pytestmark = [pytest.mark.integration, DRIVER_SOCKETS]

TIMEOUT_S = 0.5
BUDGET_S = 2 * TIMEOUT_S + 1.0
RECOVERY_S = 30.0
"""The driver reconnects with exponential back-off from 2 s; a few rounds fit in here."""


class Proxy:
    """Forwards one local port to the server; ``cut`` drops everything, ``stall`` freezes it."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def stall(self, stalled: bool) -> None:
        if stalled:
            self._flowing.clear()
        else:
            self._flowing.set()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                await self._flowing.wait()
                writer.write(data)
                await writer.drain()
        writer.transport.abort()
        self._writers.discard(writer)


@pytest.fixture
async def proxied(scratch_keyspace: ScratchKeyspace) -> AsyncIterator[tuple[Proxy, ScyllaSession]]:
    async with scratch_keyspace.session() as direct:
        proxy = Proxy(direct.config.port)
        await proxy.start()
        config = ScyllaConfig(
            hosts=direct.config.hosts,
            port=proxy.port,
            keyspace=direct.config.keyspace,
            connect_timeout_s=TIMEOUT_S,
            request_timeout_s=TIMEOUT_S,
        )
        session = ScyllaSession(config)
        try:
            yield proxy, session
        finally:
            proxy.stall(False)
            await session.close()
            await proxy.cut()


async def fails_within_budget(call: Callable[[], Awaitable[object]]) -> None:
    started = time.monotonic()
    with pytest.raises(Unavailable):
        await call()
    assert time.monotonic() - started < BUDGET_S


async def works_again(call: Callable[[], Awaitable[object]]) -> None:
    deadline = time.monotonic() + RECOVERY_S
    while True:
        try:
            await call()
        except Unavailable:
            assert time.monotonic() < deadline, "did not recover"
            await asyncio.sleep(0.2)
        else:
            return


def message(message_id: int) -> Message:
    return Message(id=message_id, channel_id=1, author_id=2, content="hi")


async def test_a_cut_connection_is_unavailable_then_recovers(
    proxied: tuple[Proxy, ScyllaSession],
) -> None:
    proxy, session = proxied
    store = ScyllaMessageStore(session)
    await store.add(message(10))

    await proxy.cut()
    await fails_within_budget(lambda: store.get(1, 10))
    await fails_within_budget(lambda: store.add(message(11)))

    await proxy.start()
    await works_again(lambda: store.add(message(11)))
    assert [m.id for m in await store.after(1, 0, 10)] == [10, 11]


async def test_a_stalled_server_times_out_as_unavailable(
    proxied: tuple[Proxy, ScyllaSession],
) -> None:
    proxy, session = proxied
    store = ScyllaMessageStore(session)
    await store.add(message(10))

    proxy.stall(True)
    await fails_within_budget(lambda: store.before(1, 10, 50))
    proxy.stall(False)
    await works_again(lambda: store.before(1, 10, 50))


async def test_a_cluster_down_at_start_is_picked_up_later(
    scratch_keyspace: ScratchKeyspace,
) -> None:
    async with scratch_keyspace.session() as direct:
        proxy = Proxy(direct.config.port)  # not started: nothing listens yet
        config = ScyllaConfig(
            hosts=direct.config.hosts, port=proxy.port, keyspace=direct.config.keyspace
        )
        session = ScyllaSession(config)
        store = ScyllaMessageStore(session)
        try:
            await fails_within_budget(session.connect)
            await fails_within_budget(lambda: store.get(1, 10))  # fails fast while backing off
            await proxy.start()
            await works_again(lambda: store.add(message(10)))
            assert await store.get(1, 10) == message(10)
        finally:
            await session.close()
            await proxy.cut()
