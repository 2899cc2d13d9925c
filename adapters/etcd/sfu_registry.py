import builtins

import aetcd
import msgspec
from typing_extensions import override

from adapters.etcd.client import translate_errors
from application.ports.sfu_registry import DEFAULT_TTL_S, SfuInstance, SfuRegistry

DEFAULT_PREFIX = "/gochat/sfu"
"""GoChat's ``etcd_prefix``: Parley and GoChat processes can share one registry."""

_decode = msgspec.json.Decoder(SfuInstance).decode

GO_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)
"""What Go's ``json.Marshal`` escapes and msgspec does not. These characters can only occur
inside JSON strings, so replacing the bytes is exact: for printable text the value is GoChat's
byte for byte (readers decode it either way)."""


class EtcdSfuRegistry(SfuRegistry):
    """The registry as GoChat keeps it in etcd (spec §6.5), shared by every process.

    Each instance is the key ``{prefix}/{region}/{id}`` holding GoChat's JSON
    ``{"id","region","url","load","updated_at"}``, attached to a lease of ``ttl_s``.

    Refreshing re-grants: every ``announce`` is a lease grant plus a put with the new lease,
    as GoChat does. Two calls, with no state kept here, so any webhook replica can take any
    heartbeat, and the next heartbeat repairs whatever an etcd restart or a lost write left.
    A keepalive would also cost two calls (the value changes with every heartbeat, so the
    put stays) and would need the lease id remembered per process. The replaced lease has no
    keys left and lapses on its own within ``ttl_s``, so an SFU holds about three at a time.

    Values that do not decode as an instance (another writer's, or an id or region with a
    ``/``) are skipped: one bad entry must not take voice join down for every region.
    """

    def __init__(self, client: aetcd.Client, *, prefix: str = DEFAULT_PREFIX) -> None:
        self._client = client
        self._prefix = prefix.rstrip("/")

    @override
    async def announce(self, instance: SfuInstance, ttl_s: int = DEFAULT_TTL_S) -> None:
        if ttl_s < 1:
            raise ValueError(f"ttl_s: {ttl_s} must be at least 1")
        key = self._key(instance.region, instance.id)
        value = encode_like_go(instance)
        with translate_errors():
            lease = await self._client.lease(ttl_s)
            await self._client.put(key, value, lease=lease.id)

    @override
    async def list(self, region: str, now_s: int) -> builtins.list[SfuInstance]:
        with translate_errors():
            found = await self._client.get_prefix(self._key(region, ""))
        instances: builtins.list[SfuInstance] = []
        for entry in found.kvs:  # in key order, so by id
            try:
                instance = _decode(entry.value)
            except msgspec.DecodeError:  # ValidationError is one too
                continue
            if not instance.is_stale(now_s):
                instances.append(instance)
        return instances

    @override
    async def regions(self) -> builtins.list[str]:
        root = f"{self._prefix}/".encode()
        with translate_errors():
            found = await self._client.get_prefix(root, keys_only=True)
        regions: set[str] = set()
        for entry in found.kvs:
            region, slash, _ = bytes(entry.key).removeprefix(root).partition(b"/")
            if region and slash:
                regions.add(region.decode(errors="replace"))
        return sorted(regions)

    @override
    async def remove(self, region: str, instance_id: str) -> None:
        with translate_errors():
            await self._client.delete(self._key(region, instance_id))

    def _key(self, region: str, instance_id: str) -> bytes:
        return f"{self._prefix}/{region}/{instance_id}".encode()


def encode_like_go(instance: SfuInstance) -> bytes:
    """The JSON GoChat's webhook writes for ``instance`` (same fields, order and escaping)."""
    value = msgspec.json.encode(instance)
    for raw, escaped in GO_ESCAPES:
        value = value.replace(raw, escaped)
    return value
