"""The ``RateLimiter`` contract: fixed windows opened by a key's first hit.

``memory`` runs on a ``ManualClock`` (time jumps); ``redis`` runs against the server in
``PARLEY_REDIS_URL`` on the real clock (time passes), so windows stay at 1-2 s. Each redis case
uses its own key prefix and deletes its keys afterwards.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.rate_limiter import MemoryRateLimiter
from adapters.redis.client import open_client
from adapters.redis.rate_limiter import RedisRateLimiter
from application.ports.rate_limiter import RateDecision, RateLimiter
from tests.contract.servers import server_url

REDIS_URL_VARIABLE = "PARLEY_REDIS_URL"


@dataclass(frozen=True, slots=True)
class Backend:
    limiter: RateLimiter
    elapse: Callable[[float], Awaitable[None]]
    """Let ``seconds`` pass: move the manual clock, or really wait."""


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.integration)])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        clock = ManualClock()

        async def advance(seconds: float) -> None:
            clock.advance(round(seconds * 1000))

        yield Backend(limiter=MemoryRateLimiter(clock), elapse=advance)
        return
    url = server_url("redis", REDIS_URL_VARIABLE)
    prefix = f"parley-test:{uuid.uuid4().hex}:"
    async with open_client(url) as client:
        try:
            yield Backend(limiter=RedisRateLimiter(client, prefix=prefix), elapse=asyncio.sleep)
        finally:
            keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
            if keys:
                await client.delete(keys)


async def test_first_hit_opens_a_full_window(backend: Backend) -> None:
    decision = await backend.limiter.hit("k", 3, 2)
    assert decision == RateDecision(allowed=True, limit=3, remaining=2, reset_after_s=2)


async def test_counts_down_then_refuses_and_denied_hits_still_count(backend: Backend) -> None:
    decisions = [await backend.limiter.hit("k", 2, 60) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, False, False]
    assert [d.remaining for d in decisions] == [1, 0, 0, 0]
    assert {d.limit for d in decisions} == {2}
    assert {d.reset_after_s for d in decisions} == {60}


async def test_keys_are_counted_separately(backend: Backend) -> None:
    assert (await backend.limiter.hit("a", 1, 60)).allowed
    assert not (await backend.limiter.hit("a", 1, 60)).allowed
    assert (await backend.limiter.hit("b", 1, 60)).allowed


async def test_reset_after_counts_down_rounding_up(backend: Backend) -> None:
    await backend.limiter.hit("k", 5, 2)
    await backend.elapse(1.2)
    later = await backend.limiter.hit("k", 5, 2)
    assert later == RateDecision(allowed=True, limit=5, remaining=3, reset_after_s=1)


async def test_window_reopens_when_it_ends(backend: Backend) -> None:
    await backend.limiter.hit("k", 1, 1)
    assert not (await backend.limiter.hit("k", 1, 1)).allowed
    await backend.elapse(1.1)
    reopened = await backend.limiter.hit("k", 1, 1)
    assert reopened == RateDecision(allowed=True, limit=1, remaining=0, reset_after_s=1)


async def test_denied_hits_do_not_extend_the_window(backend: Backend) -> None:
    # A fixed window ends a window after its first hit however hard the client keeps trying;
    # a window that slid with each refused hit would lock a busy client out for good.
    await backend.limiter.hit("k", 1, 1)
    await backend.elapse(0.6)
    refused = await backend.limiter.hit("k", 1, 1)
    assert refused == RateDecision(allowed=False, limit=1, remaining=0, reset_after_s=1)
    await backend.elapse(0.5)
    assert (await backend.limiter.hit("k", 1, 1)).allowed


async def test_concurrent_hits_are_each_counted_once(backend: Backend) -> None:
    decisions = await asyncio.gather(*(backend.limiter.hit("k", 10, 60) for _ in range(25)))
    allowed = [d for d in decisions if d.allowed]
    assert len(allowed) == 10
    assert sorted(d.remaining for d in allowed) == list(range(10))
