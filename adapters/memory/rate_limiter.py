from typing_extensions import override

from application.ports.clock import Clock
from application.ports.rate_limiter import RateDecision, RateLimiter

SWEEP_EVERY = 1024
"""Hits between sweeps of lapsed windows, so the embedded profile's memory stays bounded."""


class MemoryRateLimiter(RateLimiter):
    """Fixed windows per key, opened by the key's first hit and lasting ``window_s``.

    Denied hits still count, as an ``INCR`` on a Redis key would. ``reset_after_s`` rounds up
    so a client that waits that long always finds a fresh window.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[int, int, int]] = {}
        """Key → (window end in ms, hits so far, limit seen)."""
        self._hits_since_sweep = 0

    @override
    async def hit(self, key: str, limit: int, window_s: int) -> RateDecision:
        now = self._clock.now_ms()
        self._maybe_sweep(now)
        ends_at, hits, _ = self._windows.get(key, (now, 0, limit))
        if ends_at <= now:
            ends_at, hits = now + window_s * 1000, 0
        hits += 1
        self._windows[key] = (ends_at, hits, limit)
        return RateDecision(
            allowed=hits <= limit,
            limit=limit,
            remaining=max(limit - hits, 0),
            reset_after_s=-(-(ends_at - now) // 1000),
        )

    def _maybe_sweep(self, now: int) -> None:
        self._hits_since_sweep += 1
        if self._hits_since_sweep < SWEEP_EVERY:
            return
        self._hits_since_sweep = 0
        for key in [k for k, (ends_at, _, _) in self._windows.items() if ends_at <= now]:
            del self._windows[key]
