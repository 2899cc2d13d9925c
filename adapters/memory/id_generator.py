from typing_extensions import override

from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from domain.ids import SnowflakeSequencer

FIXED_START_MS = 1_700_000_000_000
"""The instant ids are stamped with when no clock drives the generator."""


class SequentialIdGenerator(IdGenerator):
    """Real snowflake ids stamped with a test clock's time (or a fixed instant).

    Ids have GoChat's layout, so code deriving timestamps or buckets from them sees consistent
    values; with a frozen clock the sequence field counts up, so ids stay strictly increasing.
    """

    def __init__(self, clock: Clock | None = None, worker_id: int = 1) -> None:
        self._clock = clock
        self._sequencer = SnowflakeSequencer(worker_id)

    @override
    def next_id(self) -> int:
        now = self._clock.now_ms() if self._clock is not None else FIXED_START_MS
        return self._sequencer.next(now)
