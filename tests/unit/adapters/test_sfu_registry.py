"""What the contract suite cannot pin on real etcd: exact lease edges and the instance's rules."""

import msgspec
import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.sfu_registry import MemorySfuRegistry
from application.ports.sfu_registry import DEFAULT_TTL_S, SfuInstance

NOW_S = 1_700_000_000


def sfu(instance_id: str = "a", region: str = "eu", updated_at: int = NOW_S) -> SfuInstance:
    return SfuInstance(
        id=instance_id, region=region, url="wss://sfu/signal", load=0, updated_at=updated_at
    )


async def test_a_lease_lives_until_exactly_its_ttl() -> None:
    clock = ManualClock()
    registry = MemorySfuRegistry(clock)
    await registry.announce(sfu())
    clock.advance(DEFAULT_TTL_S * 1000 - 1)
    assert await registry.list("eu", NOW_S) == [sfu()]
    clock.advance(1)
    assert await registry.list("eu", NOW_S) == []
    assert await registry.regions() == []


async def test_a_refresh_counts_from_its_own_time() -> None:
    clock = ManualClock()
    registry = MemorySfuRegistry(clock)
    await registry.announce(sfu(), ttl_s=1)
    clock.advance(999)
    await registry.announce(sfu(), ttl_s=1)
    clock.advance(999)
    assert await registry.regions() == ["eu"]
    clock.advance(1)
    assert await registry.regions() == []


def test_staleness_is_more_than_60_s_behind_the_reader() -> None:
    assert not sfu(updated_at=NOW_S - 60).is_stale(NOW_S)
    assert sfu(updated_at=NOW_S - 61).is_stale(NOW_S)
    assert not sfu(updated_at=NOW_S + 5).is_stale(NOW_S)  # a writer clock ahead is fine


@pytest.mark.parametrize(
    ("instance_id", "region", "field"),
    [("", "eu", "id"), ("a/b", "eu", "id"), ("a", "", "region"), ("a", "eu/west", "region")],
)
def test_id_and_region_must_be_single_key_segments(
    instance_id: str, region: str, field: str
) -> None:
    with pytest.raises(ValueError, match=f"^{field}: "):
        sfu(instance_id, region)
    raw = msgspec.json.encode({"id": instance_id, "region": region, "url": "u", "load": 0,
                               "updated_at": 0})  # fmt: skip
    with pytest.raises(msgspec.ValidationError, match=field):
        msgspec.json.decode(raw, type=SfuInstance)


def test_the_wire_shape_is_gochats() -> None:
    assert msgspec.json.encode(sfu()) == (
        b'{"id":"a","region":"eu","url":"wss://sfu/signal","load":0,"updated_at":1700000000}'
    )
