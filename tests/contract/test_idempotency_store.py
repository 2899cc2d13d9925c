"""The ``IdempotencyStore`` contract: replayable responses and exclusive claims, both expiring.

``memory`` runs on a ``ManualClock`` (time jumps); ``redis`` runs against the server in
``PARLEY_REDIS_URL`` on the real clock (time passes), so TTLs stay at 1 s. Each redis case uses
its own key prefix and deletes its keys afterwards.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.idempotency_store import MemoryIdempotencyStore
from adapters.redis.client import open_client
from adapters.redis.idempotency_store import RedisIdempotencyStore
from application.ports.idempotency_store import IdempotencyStore, StoredResponse
from tests.contract.servers import server_url

REDIS_URL_VARIABLE = "PARLEY_REDIS_URL"
LOCK_TTL_S = 10
LIFETIME_S = 60
RESPONSE = StoredResponse(status=201, content_type="application/json", body=b'{"id":1}')


@dataclass(frozen=True, slots=True)
class Backend:
    store: IdempotencyStore
    elapse: Callable[[float], Awaitable[None]]
    """Let ``seconds`` pass: move the manual clock, or really wait."""


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.integration)])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        clock = ManualClock()

        async def advance(seconds: float) -> None:
            clock.advance(round(seconds * 1000))

        yield Backend(store=MemoryIdempotencyStore(clock), elapse=advance)
        return
    url = server_url("redis", REDIS_URL_VARIABLE)
    prefix = f"parley-test:{uuid.uuid4().hex}:"
    async with open_client(url) as client:
        try:
            yield Backend(store=RedisIdempotencyStore(client, prefix=prefix), elapse=asyncio.sleep)
        finally:
            keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
            if keys:
                await client.delete(keys)


async def test_unknown_key_has_no_response_and_release_is_harmless(backend: Backend) -> None:
    assert await backend.store.get("nope") is None
    await backend.store.release("nope")
    assert await backend.store.get("nope") is None


async def test_saved_response_comes_back_byte_for_byte(backend: Backend) -> None:
    binary = StoredResponse(status=200, content_type="", body=bytes(range(256)))
    await backend.store.save("a", RESPONSE, LIFETIME_S)
    await backend.store.save("b", binary, LIFETIME_S)
    assert await backend.store.get("a") == RESPONSE
    assert await backend.store.get("b") == binary


async def test_lock_is_exclusive_until_released(backend: Backend) -> None:
    assert await backend.store.lock("k", LOCK_TTL_S)
    assert not await backend.store.lock("k", LOCK_TTL_S)
    assert await backend.store.lock("other", LOCK_TTL_S)
    await backend.store.release("k")
    assert await backend.store.lock("k", LOCK_TTL_S)


async def test_lock_refuses_a_key_whose_response_is_stored(backend: Backend) -> None:
    # A retry that slipped past ``get`` must replay, not run the request a second time.
    assert await backend.store.lock("k", LOCK_TTL_S)
    await backend.store.save("k", RESPONSE, LIFETIME_S)
    assert not await backend.store.lock("k", LOCK_TTL_S)
    await backend.store.save("unclaimed", RESPONSE, LIFETIME_S)
    assert not await backend.store.lock("unclaimed", LOCK_TTL_S)


async def test_save_releases_the_claim(backend: Backend) -> None:
    # With a 1 s response and a 10 s claim, the key is free after 1 s only if save dropped it.
    assert await backend.store.lock("k", LOCK_TTL_S)
    await backend.store.save("k", RESPONSE, 1)
    await backend.elapse(1.1)
    assert await backend.store.get("k") is None
    assert await backend.store.lock("k", LOCK_TTL_S)


async def test_lock_lapses_after_its_ttl(backend: Backend) -> None:
    assert await backend.store.lock("k", 1)
    assert not await backend.store.lock("k", 1)
    await backend.elapse(1.1)
    assert await backend.store.lock("k", 1)


async def test_concurrent_claims_have_one_winner(backend: Backend) -> None:
    claims = await asyncio.gather(*(backend.store.lock("k", LOCK_TTL_S) for _ in range(20)))
    assert claims.count(True) == 1
