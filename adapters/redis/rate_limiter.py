import coredis
from typing_extensions import override

from adapters.redis.client import translate_errors
from application.ports.rate_limiter import RateDecision, RateLimiter

# A window opens at the key's first hit and lasts ``window_ms`` (the key's expiry). PTTL is
# -2 for no key, -1 for a key someone left without an expiry and 0 in its last millisecond:
# each of those starts a fresh window, exactly as ``MemoryRateLimiter`` does when
# ``ends_at <= now``. INCR keeps the expiry, so denied hits count without moving the window's
# end. Running this as one script makes read-check-write atomic across all replicas.
HIT_SCRIPT = b"""
local ttl_ms = redis.call('PTTL', KEYS[1])
if ttl_ms <= 0 then
    redis.call('SET', KEYS[1], 1, 'PX', ARGV[1])
    return {1, tonumber(ARGV[1])}
end
return {redis.call('INCR', KEYS[1]), ttl_ms}
"""


class RedisRateLimiter(RateLimiter):
    """Fixed windows shared by every replica: one Redis counter per key, expiring with its window.

    One script call per hit, so concurrent hits from many processes are each counted once and
    the limit holds cluster-wide. Semantics match ``MemoryRateLimiter`` (held to the same
    contract suite): denied hits still count, and ``reset_after_s`` rounds up so a client that
    waits that long always finds a fresh window. ``prefix`` namespaces the keys when one Redis
    serves several deployments (or tests).
    """

    def __init__(self, client: coredis.Redis[bytes], *, prefix: str = "") -> None:
        self._prefix = prefix
        self._hit = client.register_script(HIT_SCRIPT)

    @override
    async def hit(self, key: str, limit: int, window_s: int) -> RateDecision:
        with translate_errors():
            reply: object = await self._hit(keys=[self._prefix + key], args=[window_s * 1000])
        hits, ttl_ms = _hits_and_ttl(reply)
        return RateDecision(
            allowed=hits <= limit,
            limit=limit,
            remaining=max(limit - hits, 0),
            reset_after_s=-(-ttl_ms // 1000),
        )


def _hits_and_ttl(reply: object) -> tuple[int, int]:
    match reply:
        case [int(hits), int(ttl_ms)]:
            return hits, ttl_ms
    raise TypeError(f"unexpected rate-limit script reply: {reply!r}")
