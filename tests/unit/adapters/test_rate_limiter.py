from adapters.memory.clock import ManualClock
from adapters.memory.rate_limiter import MemoryRateLimiter
from application.ports.rate_limiter import RateDecision


async def test_counts_down_then_refuses_within_the_window() -> None:
    clock = ManualClock()
    limiter = MemoryRateLimiter(clock)
    first = await limiter.hit("k", 2, 10)
    assert first == RateDecision(allowed=True, limit=2, remaining=1, reset_after_s=10)
    clock.advance(2_500)
    second = await limiter.hit("k", 2, 10)
    assert second == RateDecision(allowed=True, limit=2, remaining=0, reset_after_s=8)
    third = await limiter.hit("k", 2, 10)
    assert third == RateDecision(allowed=False, limit=2, remaining=0, reset_after_s=8)


async def test_window_starts_at_the_first_hit_and_reopens_when_it_ends() -> None:
    clock = ManualClock()
    limiter = MemoryRateLimiter(clock)
    clock.advance(123)
    await limiter.hit("k", 1, 1)
    clock.advance(999)
    refused = await limiter.hit("k", 1, 1)
    assert not refused.allowed
    assert refused.reset_after_s == 1  # 1 ms left rounds up
    clock.advance(1)
    reopened = await limiter.hit("k", 1, 1)
    assert reopened == RateDecision(allowed=True, limit=1, remaining=0, reset_after_s=1)


async def test_keys_are_counted_separately() -> None:
    limiter = MemoryRateLimiter(ManualClock())
    assert (await limiter.hit("a", 1, 60)).allowed
    assert not (await limiter.hit("a", 1, 60)).allowed
    assert (await limiter.hit("b", 1, 60)).allowed


async def test_lapsed_windows_are_swept() -> None:
    clock = ManualClock()
    limiter = MemoryRateLimiter(clock)
    for n in range(2_000):
        await limiter.hit(f"key-{n}", 5, 1)
        clock.advance(10)
    assert len(limiter._windows) < 1_100
