import coredis
import msgspec
from typing_extensions import override

from adapters.redis.client import translate_errors
from application.ports.presence_store import PresenceRecord, PresenceStore
from domain.presence import Presence, SessionPresence

SESSIONS_KEY = "presence:sessions:"
AGGREGATE_KEY = "presence:agg:"
OVERRIDE_KEY = "presence:override:"
"""GoChat's key names (spec §6.3), so an operator finds them where the spec says."""

# One consistent read of a user's sessions and override: a concurrent write lands wholly
# before or wholly after it.
LOAD_SCRIPT = b"""
return {redis.call('HGETALL', KEYS[1]), redis.call('GET', KEYS[2])}
"""

# Upsert a session entry and give the whole hash another ``ttl_s`` in one step, so no reader
# ever sees an entry in a hash that would never expire. EXPIRE with 0 deletes the key, as a
# zero TTL leaves nothing alive in ``MemoryPresenceStore``.
PUT_SESSION_SCRIPT = b"""
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""

# EXPIRE on an absent key does nothing, so a touch never brings back what has expired.
TOUCH_SCRIPT = b"""
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 1
"""


class RedisPresenceStore(PresenceStore):
    """Presence shared by every gateway process, in GoChat's keys (spec §6.3, §8.6).

    ``presence:sessions:{uid}`` is a hash of session id → SessionPresence JSON whose TTL every
    write or touch renews, so the sessions of a user expire together, as in
    ``MemoryPresenceStore`` (held to the same contract suite); ``presence:agg:{uid}`` is the
    aggregate's JSON with its own TTL; ``presence:override:{uid}`` is the override's JSON with
    none. An entry or aggregate that does not decode (or an aggregate with a zero ``user_id``,
    which GoChat does not trust either) counts as absent rather than failing the session.
    ``prefix`` namespaces the keys when one Redis serves several deployments (or tests).

    A user's keys differ outside any ``{hash tag}``, as GoChat names them, so the scripts need
    a single Redis/KeyDB node (or a proxy that keeps them on one node), not a Redis Cluster.
    """

    def __init__(self, client: coredis.Redis[bytes], *, prefix: str = "") -> None:
        self._client = client
        self._prefix = prefix
        self._load = client.register_script(LOAD_SCRIPT)
        self._put_session = client.register_script(PUT_SESSION_SCRIPT)
        self._touch = client.register_script(TOUCH_SCRIPT)
        self._session_decoder = msgspec.json.Decoder(SessionPresence)
        self._presence_decoder = msgspec.json.Decoder(Presence)

    def _key(self, kind: str, user_id: int) -> str:
        return f"{self._prefix}{kind}{user_id}"

    @override
    async def load(self, user_id: int) -> PresenceRecord:
        keys = [self._key(SESSIONS_KEY, user_id), self._key(OVERRIDE_KEY, user_id)]
        with translate_errors():
            reply: object = await self._load(keys=keys)
        match reply:
            case [list(flat), raw_override]:
                pass
            case _:
                raise TypeError(f"unexpected presence load reply: {reply!r}")
        sessions = [
            session for raw in flat[1::2] if (session := self._decode_session(raw)) is not None
        ]
        return PresenceRecord(sessions=sessions, override=self._decode_presence(raw_override))

    @override
    async def put_session(self, user_id: int, session: SessionPresence, ttl_s: int) -> None:
        with translate_errors():
            await self._put_session(
                keys=[self._key(SESSIONS_KEY, user_id)],
                args=[session.session_id, msgspec.json.encode(session), max(ttl_s, 0)],
            )

    @override
    async def remove_session(self, user_id: int, session_id: str) -> None:
        # Redis deletes a hash with its last field, so an emptied user leaves nothing behind.
        with translate_errors():
            await self._client.hdel(self._key(SESSIONS_KEY, user_id), [session_id])

    @override
    async def set_override(self, user_id: int, presence: Presence | None) -> None:
        key = self._key(OVERRIDE_KEY, user_id)
        with translate_errors():
            if presence is None:
                await self._client.delete([key])
            else:
                await self._client.set(key, msgspec.json.encode(presence))

    @override
    async def get_aggregate(self, user_id: int) -> Presence | None:
        with translate_errors():
            raw = await self._client.get(self._key(AGGREGATE_KEY, user_id))
        return self._decode_presence(raw)

    @override
    async def put_aggregate(self, user_id: int, presence: Presence, ttl_s: int) -> None:
        key = self._key(AGGREGATE_KEY, user_id)
        with translate_errors():
            if ttl_s <= 0:  # SET refuses EX 0; nothing would outlive it anyway
                await self._client.delete([key])
            else:
                await self._client.set(key, msgspec.json.encode(presence), ex=ttl_s)

    @override
    async def touch(self, user_id: int, ttl_s: int) -> None:
        keys = [self._key(SESSIONS_KEY, user_id), self._key(AGGREGATE_KEY, user_id)]
        with translate_errors():
            await self._touch(keys=keys, args=[max(ttl_s, 0)])

    def _decode_session(self, raw: object) -> SessionPresence | None:
        if not isinstance(raw, bytes):
            return None
        try:
            return self._session_decoder.decode(raw)
        except msgspec.DecodeError:
            return None

    def _decode_presence(self, raw: object) -> Presence | None:
        if not isinstance(raw, bytes):
            return None
        try:
            presence = self._presence_decoder.decode(raw)
        except msgspec.DecodeError:
            return None
        return presence if presence.user_id else None
