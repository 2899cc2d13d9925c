from abc import abstractmethod
from typing import Protocol

import msgspec


class RateDecision(msgspec.Struct, frozen=True):
    """The verdict on one request, with what the ``X-RateLimit-*``/``Retry-After`` headers need."""

    allowed: bool
    limit: int
    remaining: int
    reset_after_s: int


class RateLimiter(Protocol):
    """Fixed-window request counting per key (user and route)."""

    @abstractmethod
    async def hit(self, key: str, limit: int, window_s: int) -> RateDecision:
        """Count one request against ``key``'s current window."""
