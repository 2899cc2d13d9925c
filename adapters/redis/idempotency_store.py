import coredis
import msgspec
from typing_extensions import override

from adapters.redis.client import translate_errors
from application.ports.idempotency_store import IdempotencyStore, StoredResponse

RESPONSE_KEY = "idempotency:"
LOCK_KEY = "lock:"
"""GoChat's key names (spec §2.1, §6.3), so an operator finds them where the spec says."""

# Claim a key unless its response is already stored. Checking and claiming in one script means
# no request can slip between another's ``save`` and its own claim and run a second time.
LOCK_SCRIPT = b"""
if redis.call('EXISTS', KEYS[1]) == 1 then
    return 0
end
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then
    return 1
end
return 0
"""

# Store the response, then drop the claim, atomically: a retry sees either the claim or the
# response, never neither.
SAVE_SCRIPT = b"""
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('DEL', KEYS[2])
return 1
"""


class RedisIdempotencyStore(IdempotencyStore):
    """Stored responses under ``idempotency:<key>`` and claims under ``lock:<key>``, both expiring.

    Shared by every replica, so a retry that lands on another process still replays. The
    semantics are ``MemoryIdempotencyStore``'s (same contract suite): ``lock`` refuses a key
    whose response is stored, and ``save`` releases the claim. Responses are msgpack, which
    keeps the body's bytes as they are. ``prefix`` namespaces the keys when one Redis serves
    several deployments (or tests).

    The two keys of one request differ outside any ``{hash tag}``, as GoChat names them, so the
    scripts need a single Redis/KeyDB node (or a proxy that keeps both on one node), not a
    Redis Cluster.
    """

    def __init__(self, client: coredis.Redis[bytes], *, prefix: str = "") -> None:
        self._client = client
        self._prefix = prefix
        self._lock = client.register_script(LOCK_SCRIPT)
        self._save = client.register_script(SAVE_SCRIPT)
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(StoredResponse)

    @override
    async def get(self, key: str) -> StoredResponse | None:
        with translate_errors():
            raw = await self._client.get(self._response_key(key))
        return None if raw is None else self._decoder.decode(raw)

    @override
    async def lock(self, key: str, ttl_s: int) -> bool:
        with translate_errors():
            claimed: object = await self._lock(
                keys=[self._response_key(key), self._lock_key(key)], args=[ttl_s]
            )
        return claimed == 1

    @override
    async def save(self, key: str, response: StoredResponse, ttl_s: int) -> None:
        with translate_errors():
            await self._save(
                keys=[self._response_key(key), self._lock_key(key)],
                args=[self._encoder.encode(response), ttl_s],
            )

    @override
    async def release(self, key: str) -> None:
        with translate_errors():
            await self._client.delete([self._lock_key(key)])

    def _response_key(self, key: str) -> str:
        return f"{self._prefix}{RESPONSE_KEY}{key}"

    def _lock_key(self, key: str) -> str:
        return f"{self._prefix}{LOCK_KEY}{key}"
