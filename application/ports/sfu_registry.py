import builtins
from abc import abstractmethod
from typing import Protocol

import msgspec

DEFAULT_TTL_S = 15
"""GoChat's lease: an SFU heartbeats every 5 s, so two missed beats still leave it listed."""

STALE_AFTER_S = 60
"""GoChat drops an entry whose ``updated_at`` is more than this far behind the reader's clock,
even while its lease lives (a long lease, or a writer whose clock lags)."""


class SfuInstance(msgspec.Struct, frozen=True):
    """One SFU as its heartbeat announced it; the field names are GoChat's JSON (spec §6.5).

    ``id`` and ``region`` name the instance's slot in the registry (``{region}/{id}`` under the
    registry's prefix), so both must be non-empty and free of ``/``: a slash would make one
    region's listing reach into another's and split a region name in ``regions()``. GoChat
    writes such keys anyway; here the instance cannot be built (nor decoded) with one, and the
    heartbeat use case rejects it as a bad body.
    """

    id: str
    region: str
    url: str
    load: int
    updated_at: int
    """Unix seconds, set by whoever announces (the webhook, from its clock)."""

    def __post_init__(self) -> None:
        for name, segment in (("id", self.id), ("region", self.region)):
            if not segment or "/" in segment:
                msg = f"{name}: {segment!r} must be non-empty and contain no '/'"
                raise ValueError(msg)

    def is_stale(self, now_s: int) -> bool:
        """Whether a reader at ``now_s`` must ignore this entry (GoChat keeps ``<= 60`` s)."""
        return now_s - self.updated_at > STALE_AFTER_S


class SfuRegistry(Protocol):
    """Which SFU instances are alive, per region: the webhook writes it, voice join reads it.

    Liveness is a lease: an entry lives ``ttl_s`` seconds after its latest ``announce`` and
    then vanishes by itself, so an SFU that dies simply stops being listed, with nobody to
    clean up after it. Every process of every service shares one registry, so nothing here may
    depend on which process announced.
    """

    @abstractmethod
    async def announce(self, instance: SfuInstance, ttl_s: int = DEFAULT_TTL_S) -> None:
        """Register or refresh ``instance``: replace its entry and restart its lease.

        ``ttl_s`` must be at least 1. A backend may round a short lease up to its minimum
        (etcd's is about 2 s), never down.
        """

    @abstractmethod
    async def list(self, region: str, now_s: int) -> builtins.list[SfuInstance]:
        """The live instances of ``region``, ordered by id; ``[]`` when there are none.

        Live means the lease has not run out and ``instance.is_stale(now_s)`` is false.
        """

    @abstractmethod
    async def regions(self) -> builtins.list[str]:
        """The distinct regions that have an instance with a live lease, sorted.

        Only the lease counts here (there is no reader clock), as in GoChat's ``Regions()``.
        """

    @abstractmethod
    async def remove(self, region: str, instance_id: str) -> None:
        """Drop an instance at once instead of waiting for its lease; unknown ones are ignored."""
