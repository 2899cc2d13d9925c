"""NATS going away and coming back, on a private ``nats-server -js`` this test starts and stops.

What must hold (ARCHITECTURE.md §6): while the server is gone, publishing fails with
``Unavailable`` within a bounded time and never hangs or kills the process; once it is back on
the same address, the very same publisher and subscriptions work again, with nothing recreated.
"""

import asyncio
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from adapters.nats.connection import NatsClient, NatsOptions, connect_nats, nats_connection
from adapters.nats.event_publisher import NatsEventPublisher
from adapters.nats.jetstream import JetStreamEventPublisher, StreamSpec
from application.errors import Unavailable
from tests.contract.servers import free_port, installed_binary

pytestmark = pytest.mark.integration

OPTIONS = NatsOptions(
    startup_timeout=5.0, reconnect_wait=0.05, reconnect_wait_max=0.25, pending_bytes=64 * 1024
)
STREAM = StreamSpec(name="FAULTS", subject="indexer.>")
FRAME = b'{"op":0,"d":{"guild_id":null,"message":{"id":1,"content":"hi"}},"t":100}'


def nats_server_binary() -> str:
    return installed_binary("nats-server", "nats-server")


class NatsServer:
    """One ``nats-server -js`` process on a fixed port; restarts keep its JetStream store."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.url = f"nats://127.0.0.1:{self.port}"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with (self.directory / "server.log").open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                self.binary, "-js", "-a", "127.0.0.1", "-p", str(self.port),
                "-sd", str(self.directory / "store"),
                stdout=log, stderr=log,
            )  # fmt: skip
        async with asyncio.timeout(10):
            while True:
                if self.process.returncode is not None:
                    pytest.fail(
                        f"nats-server exited: {(self.directory / 'server.log').read_text()}"
                    )
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                except OSError:
                    await asyncio.sleep(0.05)
                    continue
                writer.close()
                await writer.wait_closed()
                return

    async def stop(self, how: str = "kill") -> None:
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGCONT)  # in case it was frozen
        if how == "kill":
            process.kill()
        else:
            process.terminate()
        await process.wait()

    async def freeze(self) -> None:
        """SIGSTOP, and wait until every thread has really stopped (delivery is asynchronous)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        async with asyncio.timeout(5):
            while not _all_threads_stopped(self.process.pid):  # noqa: ASYNC110 (polls /proc)
                await asyncio.sleep(0.01)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[NatsServer]:
    server = NatsServer(nats_server_binary(), tmp_path)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def eventually(check: Callable[[], Awaitable[bool]], within_s: float = 10.0) -> None:
    async with asyncio.timeout(within_s):
        while not await check():  # noqa: ASYNC110 (polls state no event reports)
            await asyncio.sleep(0.05)


async def registered(client: NatsClient) -> None:
    """Wait until the server has the subscriptions made so far.

    nats-py writes a flush's PING straight to the socket, ahead of commands still queued for
    its flusher, so one flush can come back before the SUB was even sent; a second cannot.
    """
    await client.flush()
    await client.flush()


async def publish_until_unavailable(events: NatsEventPublisher) -> tuple[int, float]:
    """Publish until refused; the count and seconds it took (buffered ones count)."""
    started = time.monotonic()
    for count in range(1, 20_000):
        try:
            await events.publish("channel.1", FRAME)
        except Unavailable:
            return count, time.monotonic() - started
        await asyncio.sleep(0)
    pytest.fail("publish kept succeeding with the server down")


@pytest.mark.parametrize("how", ["kill", "terminate"])
async def test_down_means_unavailable_and_restart_heals_the_same_objects(
    server: NatsServer, how: str
) -> None:
    async with (
        nats_connection(server.url, name="api", options=OPTIONS) as api,
        nats_connection(server.url, name="ws", options=OPTIONS) as ws,
    ):
        durable = JetStreamEventPublisher(api, stream=STREAM, timeout_s=2.0)
        await durable.ensure_stream()
        events = NatsEventPublisher(api, durable=durable)
        gateway = NatsEventPublisher(ws)
        received: list[bytes] = []

        async def inbox(_subject: str, payload: bytes) -> None:
            received.append(payload)

        await gateway.subscribe("channel.1", inbox)
        await registered(ws)
        await events.publish("channel.1", b"before")
        await events.publish("indexer.message", b'{"message_id":1}')
        await eventually(lambda: _has(received, b"before"))

        await server.stop(how)
        count, seconds = await publish_until_unavailable(events)
        assert count <= OPTIONS.pending_bytes // len(FRAME) + 1  # the reconnect buffer, no more
        assert seconds < 5
        started = time.monotonic()
        with pytest.raises(Unavailable):
            await events.publish("indexer.message", b'{"message_id":2}')  # JetStream, routed
        assert time.monotonic() - started < 1  # refused at once: no ack can come now
        late: list[bytes] = []

        async def late_inbox(_subject: str, payload: bytes) -> None:
            late.append(payload)

        await gateway.subscribe("channel.2", late_inbox)  # while down: registered locally
        assert not api.is_closed
        assert not ws.is_closed

        await server.start()
        await eventually(lambda: _connected(api, ws))
        await registered(ws)  # the replayed subscriptions have reached the server
        await events.publish("channel.1", b"after")
        await events.publish("channel.2", b"late")
        await eventually(lambda: _has(received, b"after"))
        await eventually(lambda: _has(late, b"late"))
        await events.publish("channel.1", b"last")
        await eventually(lambda: _has(received, b"last"))
        assert late == [b"late"]  # once, though its SUB was both queued and replayed
        assert received.count(b"after") == 1
        await events.publish("indexer.message", b'{"message_id":3}')
        info = await api.jetstream().stream_info(STREAM.name)
        assert info.state.messages == 2  # the acked one survived the crash; #2 was refused


async def test_a_frozen_server_times_out_instead_of_hanging(server: NatsServer) -> None:
    async with nats_connection(server.url, name="api", options=OPTIONS) as api:
        durable = JetStreamEventPublisher(api, stream=STREAM, timeout_s=1.0)
        await durable.ensure_stream()
        events = NatsEventPublisher(api, timeout_s=1.0)
        received: list[bytes] = []

        async def inbox(_subject: str, payload: bytes) -> None:
            received.append(payload)

        await server.freeze()
        try:
            started = time.monotonic()
            with pytest.raises(Unavailable):
                await durable.publish("indexer.message", b"{}")
            await events.subscribe("channel.7", inbox)  # no round trip: returns at once
            assert time.monotonic() - started < 5
            started = time.monotonic()
            for _ in range(50):
                try:  # core NATS does not wait for the server; it must not hang either
                    await events.publish("channel.1", FRAME)
                except Unavailable:
                    break
            assert time.monotonic() - started < 5
        finally:
            server.thaw()
        await durable.publish("indexer.message", b"{}")  # the same publisher works again
        await events.publish("channel.7", b"thawed")
        await eventually(lambda: _has(received, b"thawed"))


async def test_first_connect_without_a_server_is_unavailable_in_bounded_time() -> None:
    started = time.monotonic()
    with pytest.raises(Unavailable):
        await connect_nats(
            f"nats://127.0.0.1:{free_port()}",
            name="api",
            options=NatsOptions(connect_timeout=1, startup_timeout=1.5),
        )
    assert time.monotonic() - started < 3


async def test_first_connect_waits_for_a_server_that_is_starting(tmp_path: Path) -> None:
    server = NatsServer(nats_server_binary(), tmp_path)
    try:
        connecting = asyncio.create_task(connect_nats(server.url, name="api", options=OPTIONS))
        await asyncio.sleep(0.5)
        await server.start()
        client = await connecting
        await client.close()
    finally:
        await server.stop()


def _all_threads_stopped(pid: int) -> bool:
    return all(_stopped(task / "stat") for task in Path(f"/proc/{pid}/task").iterdir())


def _stopped(stat: Path) -> bool:
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] in {"T", "t"}
    except FileNotFoundError:  # the thread exited meanwhile
        return True


async def _has(received: list[bytes], payload: bytes) -> bool:
    return payload in received


async def _connected(*clients: NatsClient) -> bool:
    return all(client.is_connected for client in clients)
