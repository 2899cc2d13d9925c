from adapters.memory.clock import ManualClock
from adapters.memory.idempotency_store import MemoryIdempotencyStore
from application.ports.idempotency_store import StoredResponse

RESPONSE = StoredResponse(status=201, content_type="application/json", body=b"{}")


async def test_lock_is_exclusive_until_released() -> None:
    store = MemoryIdempotencyStore(ManualClock())
    assert await store.lock("k", 30)
    assert not await store.lock("k", 30)
    await store.release("k")
    assert await store.lock("k", 30)


async def test_lock_lapses_after_its_ttl() -> None:
    clock = ManualClock()
    store = MemoryIdempotencyStore(clock)
    assert await store.lock("k", 30)
    clock.advance(29_999)
    assert not await store.lock("k", 30)
    clock.advance(1)
    assert await store.lock("k", 30)


async def test_save_stores_the_response_and_releases_the_claim() -> None:
    clock = ManualClock()
    store = MemoryIdempotencyStore(clock)
    assert await store.lock("k", 30)
    await store.save("k", RESPONSE, 60)
    assert await store.get("k") == RESPONSE
    # The key is settled: a retry must replay the response, not claim the key again.
    assert not await store.lock("k", 30)


async def test_response_lapses_after_its_ttl() -> None:
    clock = ManualClock()
    store = MemoryIdempotencyStore(clock)
    await store.save("k", RESPONSE, 60)
    clock.advance(59_999)
    assert await store.get("k") == RESPONSE
    clock.advance(1)
    assert await store.get("k") is None
    assert await store.lock("k", 30)


async def test_unknown_key_has_no_response() -> None:
    store = MemoryIdempotencyStore(ManualClock())
    assert await store.get("nope") is None
    await store.release("nope")
