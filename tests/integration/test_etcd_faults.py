"""The etcd SFU registry when etcd goes away, stalls, or is not there yet.

Each server test runs a private one-member ``etcd`` (Debian package ``etcd-server``;
``scripts/services`` installs it in CI) on free ports in a temporary directory. What must hold
(ARCHITECTURE.md §6): every call fails with ``Unavailable`` within the timeout budget instead
of crashing or hanging, and the same adapter instance works again once the server is back,
without being recreated.
"""

import asyncio
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from adapters.etcd.client import EtcdClient, grpc_target, open_client
from adapters.etcd.sfu_registry import EtcdSfuRegistry
from application.errors import Unavailable
from application.ports.sfu_registry import SfuInstance
from tests.contract.servers import free_port, installed_binary

TIMEOUT_S = 0.3
BUDGET_S = 2 * TIMEOUT_S + 0.5
"""An announce is two calls (grant, put), each with the deadline, plus slack for a busy runner."""
BACKOFF_S = 1.2
"""The capped reconnect backoff: 1 s, plus gRPC's 20 % jitter."""
RECOVERY_S = BACKOFF_S + 2.0
"""How long a restarted server may still be refused, with slack for a busy runner."""
OUTAGE_S = 10.0
"""Long enough for gRPC's default backoff (1 s growing by 1.6x) to wait 4-5 s after the restart;
measured on this machine: 3.7-4.9 s with the defaults, under 0.1 s with the cap."""
NOW_S = 1_700_000_000


def etcd_binary() -> str:
    return installed_binary("etcd", "etcd-server")


class EtcdServer:
    """A throwaway one-member etcd that a test can stop, freeze and start again on its ports.

    Its data directory outlives a stop, so a restart is a real etcd restart (raft log replay,
    leases restored), as after a crash in production.
    """

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.peer_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        peer = f"http://127.0.0.1:{self.peer_port}"
        with (self.directory / "etcd.log").open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                self.binary, "--name", "faults", "--data-dir", str(self.directory / "data"),
                "--listen-client-urls", self.url, "--advertise-client-urls", self.url,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", f"faults={peer}", "--initial-cluster-state", "new",
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            )  # fmt: skip
        deadline = time.monotonic() + 15
        while not await self._healthy():
            if self.process.returncode is not None or time.monotonic() > deadline:
                log_text = (self.directory / "etcd.log").read_text(errors="replace")
                pytest.fail(f"etcd did not come up on port {self.port}:\n{log_text[-4000:]}")
            await asyncio.sleep(0.05)

    async def stop(self, how: str = "kill") -> None:
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGCONT)  # a frozen server cannot act on SIGTERM
        if how == "kill":
            process.kill()
        else:
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
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

    async def _healthy(self) -> bool:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            return False
        try:
            writer.write(b"GET /health HTTP/1.0\r\nHost: etcd\r\n\r\n")
            await writer.drain()
            reply = await asyncio.wait_for(reader.read(), 2)
            return b'"health":"true"' in reply
        except (OSError, TimeoutError):
            return False
        finally:
            writer.close()


def _all_threads_stopped(pid: int) -> bool:
    return all(_stopped(task / "stat") for task in Path(f"/proc/{pid}/task").iterdir())


def _stopped(stat: Path) -> bool:
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] in {"T", "t"}
    except FileNotFoundError:  # the thread exited meanwhile
        return True


def sfu(instance_id: str, load: int = 0) -> SfuInstance:
    return SfuInstance(
        id=instance_id, region="eu", url=f"wss://{instance_id}/signal", load=load,
        updated_at=NOW_S,
    )  # fmt: skip


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[EtcdServer]:
    server = EtcdServer(etcd_binary(), tmp_path)
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def client(server: EtcdServer) -> AsyncIterator[EtcdClient]:
    async with open_client((server.url,), timeout_s=TIMEOUT_S) as client:
        yield client


def calls(registry: EtcdSfuRegistry) -> list[Callable[[], Awaitable[object]]]:
    """One call of every adapter method."""
    return [
        lambda: registry.announce(sfu("probe")),
        lambda: registry.list("eu", NOW_S),
        registry.regions,
        lambda: registry.remove("eu", "probe"),
    ]


async def assert_every_call_is_unavailable(registry: EtcdSfuRegistry) -> None:
    for call in calls(registry):
        started = time.monotonic()
        with pytest.raises(Unavailable):
            await call()
        assert time.monotonic() - started < BUDGET_S


async def work(registry: EtcdSfuRegistry, name: str) -> None:
    """A full round of the port on an instance no earlier round used, checking the answers."""
    await registry.announce(sfu(name, load=1), ttl_s=60)
    await registry.announce(sfu(name, load=2), ttl_s=60)
    assert sfu(name, load=2) in await registry.list("eu", NOW_S)
    assert await registry.regions() == ["eu"]
    await registry.remove("eu", "nobody")


async def recovers(registry: EtcdSfuRegistry, name: str) -> float:
    """Seconds until ``work`` succeeds again (calls fail fast while gRPC waits to reconnect)."""
    started = time.monotonic()
    while True:
        try:
            await work(registry, name)
        except Unavailable:
            assert time.monotonic() - started < RECOVERY_S, "not back in time"
            await asyncio.sleep(0.05)
        else:
            return time.monotonic() - started


@pytest.mark.integration
async def test_server_absent_at_start_then_up(server: EtcdServer, client: EtcdClient) -> None:
    registry = EtcdSfuRegistry(client)
    await assert_every_call_is_unavailable(registry)
    await server.start()
    await recovers(registry, "first")


@pytest.mark.integration
@pytest.mark.parametrize("how", ["kill", "terminate"])
async def test_server_stopped_then_restarted(
    server: EtcdServer, client: EtcdClient, how: str
) -> None:
    await server.start()
    registry = EtcdSfuRegistry(client)
    await work(registry, "before")

    # Stop it under load: every call in flight either finishes or reports Unavailable.
    in_flight = [asyncio.ensure_future(registry.announce(sfu(f"k{n}"))) for n in range(30)]
    await server.stop(how)
    outcomes = await asyncio.gather(*in_flight, return_exceptions=True)
    assert all(o is None or isinstance(o, Unavailable) for o in outcomes), outcomes

    await assert_every_call_is_unavailable(registry)

    # Same ports and data: the same adapter instance carries on, and what was stored with a
    # live lease before the crash is still there.
    await server.start()
    await recovers(registry, "after")
    listed = {instance.id for instance in await registry.list("eu", NOW_S)}
    assert {"before", "after"} <= listed


@pytest.mark.integration
async def test_a_long_outage_does_not_delay_recovery(
    server: EtcdServer, client: EtcdClient
) -> None:
    # gRPC's own reconnect backoff grows to two minutes; after an outage this long it would
    # leave a recovered etcd unused for seconds. The capped one keeps that under a second.
    await server.start()
    registry = EtcdSfuRegistry(client)
    await work(registry, "before")
    await server.stop()
    outage_ends = time.monotonic() + OUTAGE_S
    while time.monotonic() < outage_ends:  # callers keep trying, so reconnects keep failing
        with pytest.raises(Unavailable):
            await registry.list("eu", NOW_S)
        await asyncio.sleep(0.1)
    await server.start()
    assert await recovers(registry, "after") < BACKOFF_S + 0.8


@pytest.mark.integration
async def test_frozen_server_times_out_then_recovers(
    server: EtcdServer, client: EtcdClient
) -> None:
    await server.start()
    registry = EtcdSfuRegistry(client)
    await work(registry, "before")

    await server.freeze()
    try:
        await assert_every_call_is_unavailable(registry)
    finally:
        server.thaw()

    await recovers(registry, "after")


@pytest.mark.integration
async def test_a_dead_endpoint_is_skipped_for_a_live_one(server: EtcdServer) -> None:
    await server.start()
    dead = f"http://127.0.0.1:{free_port()}"
    async with open_client((dead, server.url), timeout_s=TIMEOUT_S) as client:
        await work(EtcdSfuRegistry(client), "failover")


def test_endpoints_become_one_grpc_target() -> None:
    assert grpc_target(("http://127.0.0.1:12379",)) == "127.0.0.1:12379"
    assert grpc_target(("etcd.internal",)) == "etcd.internal:2379"
    assert grpc_target(("127.0.0.1:1", "http://10.0.0.2:2379/")) == "ipv4:127.0.0.1:1,10.0.0.2:2379"
    assert grpc_target(("http://[::1]:2379", "http://[::2]")) == "ipv6:[::1]:2379,[::2]:2379"
    assert grpc_target(("http://[::1]:2379",)) == "[::1]:2379"


@pytest.mark.parametrize(
    "endpoints",
    [
        (),
        ("https://127.0.0.1:2379",),
        ("http://127.0.0.1:2379/v3",),
        ("etcd-1:2379", "etcd-2:2379"),
        ("http://127.0.0.1:2379", "http://[::1]:2379"),
    ],
)
def test_endpoints_that_cannot_be_reached_as_given_are_refused(
    endpoints: tuple[str, ...],
) -> None:
    with pytest.raises(ValueError, match="etcd_endpoints"):
        grpc_target(endpoints)
