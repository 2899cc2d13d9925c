from typing_extensions import override

from application.ports.clock import Clock
from application.ports.idempotency_store import IdempotencyStore, StoredResponse

SWEEP_EVERY = 256
"""Writes between sweeps of lapsed entries, so the embedded profile's memory stays bounded."""


class MemoryIdempotencyStore(IdempotencyStore):
    """Responses and processing claims by key, each lapsing after its TTL on the given clock.

    ``lock`` also refuses a key whose response is already stored: a retry that slipped past
    ``get`` must replay, not run the request a second time.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._responses: dict[str, tuple[StoredResponse, int]] = {}
        self._locks: dict[str, int] = {}
        self._writes_since_sweep = 0

    @override
    async def get(self, key: str) -> StoredResponse | None:
        entry = self._responses.get(key)
        if entry is None:
            return None
        response, expires_at = entry
        if expires_at <= self._clock.now_ms():
            del self._responses[key]
            return None
        return response

    @override
    async def lock(self, key: str, ttl_s: int) -> bool:
        now = self._clock.now_ms()
        self._maybe_sweep(now)
        held_until = self._locks.get(key)
        if held_until is not None and held_until > now:
            return False
        if await self.get(key) is not None:
            return False
        self._locks[key] = now + ttl_s * 1000
        return True

    @override
    async def save(self, key: str, response: StoredResponse, ttl_s: int) -> None:
        now = self._clock.now_ms()
        self._maybe_sweep(now)
        self._responses[key] = (response, now + ttl_s * 1000)
        self._locks.pop(key, None)

    @override
    async def release(self, key: str) -> None:
        self._locks.pop(key, None)

    def _maybe_sweep(self, now: int) -> None:
        self._writes_since_sweep += 1
        if self._writes_since_sweep < SWEEP_EVERY:
            return
        self._writes_since_sweep = 0
        self._locks = {k: until for k, until in self._locks.items() if until > now}
        self._responses = {k: e for k, e in self._responses.items() if e[1] > now}
