"""Snowflake ids for one worker."""

from typing_extensions import override

from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from domain.ids import SnowflakeSequencer


class SnowflakeIdGenerator(IdGenerator):
    """GoChat-layout snowflakes (spec §5) from ``worker_id`` and the injected clock.

    Not locked: the process runs one asyncio loop and ``next_id`` never awaits, so calls
    cannot interleave. Uniqueness across processes comes from distinct worker ids (see
    ``claim_worker_id``).
    """

    def __init__(self, worker_id: int, clock: Clock) -> None:
        self._sequencer = SnowflakeSequencer(worker_id)
        self._clock = clock

    @property
    def worker_id(self) -> int:
        return self._sequencer.worker_id

    @override
    def next_id(self) -> int:
        return self._sequencer.next(self._clock.now_ms())
