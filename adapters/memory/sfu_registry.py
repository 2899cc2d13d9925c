import builtins

from typing_extensions import override

from application.ports.clock import Clock
from application.ports.sfu_registry import DEFAULT_TTL_S, SfuInstance, SfuRegistry


class MemorySfuRegistry(SfuRegistry):
    """Instances with lease deadlines on the injected clock, for tests and the one-process profiles.

    An entry is live while ``clock.now_ms()`` is before its deadline (``announce`` time plus
    ``ttl_s``), exactly, with no minimum: a ``ManualClock`` can reach the boundary. Lapsed
    entries are dropped on the next call; there are as many as SFUs, so a full pass is cheap.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._entries: dict[tuple[str, str], tuple[SfuInstance, int]] = {}
        """(region, id) → (instance, lease deadline in unix ms)."""

    @override
    async def announce(self, instance: SfuInstance, ttl_s: int = DEFAULT_TTL_S) -> None:
        if ttl_s < 1:
            raise ValueError(f"ttl_s: {ttl_s} must be at least 1")
        now = self._drop_lapsed()
        self._entries[instance.region, instance.id] = (instance, now + ttl_s * 1000)

    @override
    async def list(self, region: str, now_s: int) -> builtins.list[SfuInstance]:
        self._drop_lapsed()
        return sorted(
            (
                instance
                for (entry_region, _), (instance, _) in self._entries.items()
                if entry_region == region and not instance.is_stale(now_s)
            ),
            key=lambda instance: instance.id,
        )

    @override
    async def regions(self) -> builtins.list[str]:
        self._drop_lapsed()
        return sorted({region for region, _ in self._entries})

    @override
    async def remove(self, region: str, instance_id: str) -> None:
        self._entries.pop((region, instance_id), None)

    def _drop_lapsed(self) -> int:
        now = self._clock.now_ms()
        self._entries = {slot: entry for slot, entry in self._entries.items() if entry[1] > now}
        return now
