"""The ``SfuRegistry`` contract: leased SFU entries per region, as GoChat keeps them in etcd.

``memory`` runs on a ``ManualClock`` (time jumps); ``etcd`` runs against the server in
``PARLEY_ETCD_ENDPOINTS`` on the real clock (time passes), so leases stay at 2-3 s; etcd
rounds shorter ones up to about 2 s and revokes lapsed leases every half second, so lapses
are awaited with a bound rather than at an instant. Each etcd case uses its own key prefix and
deletes it afterwards. Staleness (``updated_at``) is judged against the ``now_s`` a reader
passes, so those cases need no waiting on either backend.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest

from adapters.etcd.client import EtcdClient, open_client
from adapters.etcd.sfu_registry import EtcdSfuRegistry
from adapters.memory.clock import ManualClock
from adapters.memory.sfu_registry import MemorySfuRegistry
from application.ports.sfu_registry import SfuInstance, SfuRegistry
from tests.contract.servers import server_url

ETCD_VARIABLE = "PARLEY_ETCD_ENDPOINTS"
NOW_S = 1_700_000_000
"""The readers' clock; announce time is irrelevant to staleness, so any fixed value works."""
STEP_S = 0.1


def sfu(instance_id: str, region: str = "eu", *, load: int = 0, age_s: int = 0) -> SfuInstance:
    return SfuInstance(
        id=instance_id,
        region=region,
        url=f"wss://{instance_id}.example.com/signal",
        load=load,
        updated_at=NOW_S - age_s,
    )


@dataclass(frozen=True, slots=True)
class Backend:
    registry: SfuRegistry
    elapse: Callable[[float], Awaitable[None]]
    """Let ``seconds`` pass: move the manual clock, or really wait."""

    async def seconds_until(self, condition: Callable[[], Awaitable[bool]], bound: float) -> float:
        """Let time pass in small steps until ``condition`` holds; fail past ``bound`` seconds."""
        waited = 0.0
        while not await condition():
            assert waited < bound, f"still not so after {bound} s"
            await self.elapse(STEP_S)
            waited += STEP_S
        return waited


def endpoints() -> tuple[str, ...]:
    return tuple(server_url("etcd", ETCD_VARIABLE).split(","))


@asynccontextmanager
async def scratch_etcd() -> AsyncIterator[tuple[EtcdClient, str]]:
    """A client, and a key prefix of this test's own that is deleted afterwards."""
    prefix = f"/parley-test/{uuid.uuid4().hex}/sfu"
    async with open_client(endpoints()) as client:
        try:
            yield client, prefix
        finally:
            await client.delete_prefix(f"{prefix}/".encode())


@pytest.fixture
async def etcd() -> AsyncIterator[tuple[EtcdClient, str]]:
    async with scratch_etcd() as opened:
        yield opened


@pytest.fixture(params=["memory", pytest.param("etcd", marks=pytest.mark.integration)])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        clock = ManualClock()

        async def advance(seconds: float) -> None:
            clock.advance(round(seconds * 1000))

        yield Backend(registry=MemorySfuRegistry(clock), elapse=advance)
        return
    async with scratch_etcd() as (client, prefix):
        yield Backend(registry=EtcdSfuRegistry(client, prefix=prefix), elapse=asyncio.sleep)


async def test_an_announced_instance_is_listed_as_announced(backend: Backend) -> None:
    instance = SfuInstance(
        id="sfu-1", region="eu", url="wss://sfu.example.com/signal?a=<b>&c", load=7,
        updated_at=NOW_S,
    )  # fmt: skip
    await backend.registry.announce(instance)
    assert await backend.registry.list("eu", NOW_S) == [instance]
    assert await backend.registry.regions() == ["eu"]


async def test_an_empty_registry_lists_nothing(backend: Backend) -> None:
    assert await backend.registry.list("eu", NOW_S) == []
    assert await backend.registry.list("", NOW_S) == []
    assert await backend.registry.regions() == []


async def test_a_listing_keeps_to_its_region_and_is_ordered_by_id(backend: Backend) -> None:
    for instance in [sfu("c"), sfu("a"), sfu("b", "us"), sfu("b"), sfu("x", "eu-west")]:
        await backend.registry.announce(instance)
    assert await backend.registry.list("eu", NOW_S) == [sfu("a"), sfu("b"), sfu("c")]
    assert await backend.registry.list("us", NOW_S) == [sfu("b", "us")]
    assert await backend.registry.list("eu-west", NOW_S) == [sfu("x", "eu-west")]
    assert await backend.registry.list("e", NOW_S) == []
    assert await backend.registry.list("asia", NOW_S) == []


async def test_announcing_again_replaces_the_entry(backend: Backend) -> None:
    await backend.registry.announce(sfu("a", load=1))
    await backend.registry.announce(sfu("a", load=9))
    assert await backend.registry.list("eu", NOW_S) == [sfu("a", load=9)]


async def test_entries_older_than_60_s_are_not_listed(backend: Backend) -> None:
    await backend.registry.announce(sfu("fresh", age_s=0))
    await backend.registry.announce(sfu("edge", age_s=60))
    await backend.registry.announce(sfu("stale", age_s=61))
    listed = await backend.registry.list("eu", NOW_S)
    assert [instance.id for instance in listed] == ["edge", "fresh"]
    # The reader's clock decides: a minute later, only the newest is fresh enough.
    assert [instance.id for instance in await backend.registry.list("eu", NOW_S + 60)] == ["fresh"]


async def test_regions_count_leases_not_staleness(backend: Backend) -> None:
    await backend.registry.announce(sfu("old", "us", age_s=3600))
    assert await backend.registry.list("us", NOW_S) == []
    assert await backend.registry.regions() == ["us"]


async def test_an_entry_lapses_with_its_lease(backend: Backend) -> None:
    await backend.registry.announce(sfu("a"), ttl_s=2)
    await backend.registry.announce(sfu("b"), ttl_s=60)
    await backend.registry.announce(sfu("c", "us"), ttl_s=2)

    async def lapsed() -> bool:
        return [i.id for i in await backend.registry.list("eu", NOW_S)] == ["b"]

    waited = await backend.seconds_until(lapsed, bound=4.5)
    assert waited >= 1.5  # not before its time (etcd may round 2 s, never down)

    async def us_gone() -> bool:
        return await backend.registry.regions() == ["eu"]

    await backend.seconds_until(us_gone, bound=2.0)
    assert await backend.registry.list("us", NOW_S) == []


async def test_announcing_again_restarts_the_lease(backend: Backend) -> None:
    await backend.registry.announce(sfu("a", load=1), ttl_s=3)
    await backend.elapse(2)
    await backend.registry.announce(sfu("a", load=2), ttl_s=3)
    await backend.elapse(2)  # past the first lease, well inside the second
    assert await backend.registry.list("eu", NOW_S) == [sfu("a", load=2)]

    async def lapsed() -> bool:
        return await backend.registry.list("eu", NOW_S) == []

    await backend.seconds_until(lapsed, bound=3.5)


async def test_remove_drops_only_that_instance(backend: Backend) -> None:
    for instance in [sfu("a"), sfu("b"), sfu("a", "us")]:
        await backend.registry.announce(instance)
    await backend.registry.remove("eu", "a")
    await backend.registry.remove("eu", "unknown")
    await backend.registry.remove("asia", "a")
    assert await backend.registry.list("eu", NOW_S) == [sfu("b")]
    assert await backend.registry.list("us", NOW_S) == [sfu("a", "us")]
    await backend.registry.remove("us", "a")
    assert await backend.registry.regions() == ["eu"]


async def test_a_lease_shorter_than_a_second_is_refused(backend: Backend) -> None:
    for ttl_s in (0, -5):
        with pytest.raises(ValueError, match="ttl_s"):
            await backend.registry.announce(sfu("a"), ttl_s=ttl_s)
    assert await backend.registry.regions() == []


async def test_concurrent_announces_are_all_kept(backend: Backend) -> None:
    instances = [sfu(f"sfu-{n:02}", load=n) for n in range(20)]
    await asyncio.gather(*(backend.registry.announce(i) for i in reversed(instances)))
    assert await backend.registry.list("eu", NOW_S) == instances


# etcd only: the keys and values GoChat's webhook and API read and write (spec §6.5).


@pytest.mark.integration
async def test_etcd_keys_values_and_leases_are_gochats(etcd: tuple[EtcdClient, str]) -> None:
    client, prefix = etcd
    instance = SfuInstance(
        id="sfu-1", region="eu", url="wss://sfu.example.com/signal?a=<b>&c", load=7,
        updated_at=1_700_000_123,
    )  # fmt: skip
    await EtcdSfuRegistry(client, prefix=prefix + "/").announce(instance)

    found = await client.get_prefix(f"{prefix}/".encode())
    assert [entry.key for entry in found] == [f"{prefix}/eu/sfu-1".encode()]
    assert found[0].value == (
        b'{"id":"sfu-1","region":"eu","url":"wss://sfu.example.com/signal?a=\\u003cb\\u003e'
        b'\\u0026c","load":7,"updated_at":1700000123}'
    )
    lease = await client.get_lease_info(found[0].lease)
    assert lease.grantedTTL == 15
    assert 0 < lease.TTL <= 15


@pytest.mark.integration
async def test_etcd_reads_what_gochat_wrote_and_skips_what_it_cannot(
    etcd: tuple[EtcdClient, str],
) -> None:
    client, prefix = etcd
    entries = {
        # GoChat's own writer: other order, an extra field, Go's escapes.
        "eu/go": b'{"updated_at":1700000000,"load":3,"url":"wss://go/signal?x=\\u0026",'
        b'"region":"eu","id":"go","version":"1.7"}',
        "eu/broken": b"{not json",
        "eu/partial": b'{"id":"partial","region":"eu"}',
        "eu/slashed/x": b'{"id":"x","region":"eu/slashed","url":"u","load":0,"updated_at":0}',
        "us/plain": b'{"id":"plain","region":"us","url":"u","load":0,"updated_at":1700000000}',
    }
    for key, value in entries.items():
        await client.put(f"{prefix}/{key}".encode(), value)
    registry = EtcdSfuRegistry(client, prefix=prefix)

    expected = SfuInstance(id="go", region="eu", url="wss://go/signal?x=&", load=3,
                           updated_at=NOW_S)  # fmt: skip
    assert await registry.list("eu", NOW_S) == [expected]
    assert await registry.regions() == ["eu", "us"]  # GoChat's "second path segment"
