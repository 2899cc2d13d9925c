"""Snowflake ids in GoChat's layout, so ids, timestamps and message buckets match existing data.

Layout (64 bits, top bit 0): 41 bits of milliseconds since 2008-11-10T23:00:00Z, 10 bits of
worker id, 12 bits of sequence. Clients derive message timestamps from ids, so the epoch is
part of the wire contract.
"""

from dataclasses import dataclass
from typing import NewType

Snowflake = NewType("Snowflake", int)

EPOCH_MS = 1_226_358_000_000
"""2008-11-10T23:00:00Z in Unix milliseconds."""

WORKER_BITS = 10
SEQUENCE_BITS = 12
MAX_WORKER_ID = (1 << WORKER_BITS) - 1
MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1
TIMESTAMP_SHIFT = WORKER_BITS + SEQUENCE_BITS
MAX_ID = (1 << 63) - 1

BUCKET_SPAN = 345_600_000
"""Divisor of ``id >> 20`` giving GoChat's daily message bucket."""


def compose(ms_since_epoch: int, worker_id: int, sequence: int) -> Snowflake:
    """Build an id from its three parts; each part must fit its bit field."""
    if not 0 <= worker_id <= MAX_WORKER_ID:
        msg = f"worker id {worker_id} outside 0..{MAX_WORKER_ID}"
        raise ValueError(msg)
    if not 0 <= sequence <= MAX_SEQUENCE:
        msg = f"sequence {sequence} outside 0..{MAX_SEQUENCE}"
        raise ValueError(msg)
    if not 0 <= ms_since_epoch < (1 << 41):
        msg = f"timestamp {ms_since_epoch} outside the 41-bit range"
        raise ValueError(msg)
    return Snowflake(ms_since_epoch << TIMESTAMP_SHIFT | worker_id << SEQUENCE_BITS | sequence)


@dataclass(frozen=True, slots=True)
class SnowflakeParts:
    """An id taken apart."""

    unix_ms: int
    worker_id: int
    sequence: int


def decompose(snowflake: int) -> SnowflakeParts:
    return SnowflakeParts(
        unix_ms=(snowflake >> TIMESTAMP_SHIFT) + EPOCH_MS,
        worker_id=(snowflake >> SEQUENCE_BITS) & MAX_WORKER_ID,
        sequence=snowflake & MAX_SEQUENCE,
    )


def unix_ms_of(snowflake: int) -> int:
    """When an id was made, in Unix milliseconds (how clients show message times)."""
    return (snowflake >> TIMESTAMP_SHIFT) + EPOCH_MS


def bucket_of(snowflake: int) -> int:
    """GoChat's message partition bucket: whole days since the epoch for worker ids < 256."""
    return (snowflake >> 20) // BUCKET_SPAN


def smallest_id_at(unix_ms: int) -> Snowflake:
    """The lowest id that can be made at a given instant (for time-range queries)."""
    return Snowflake(max(unix_ms - EPOCH_MS, 0) << TIMESTAMP_SHIFT)


def is_valid_id(value: int) -> bool:
    """True for ids a client may send: positive and within int64."""
    return 0 < value <= MAX_ID


class SnowflakeSequencer:
    """Hands out strictly increasing ids for one worker, given the current time.

    Pure state machine: the caller supplies the clock reading. When 4096 ids were made within
    one millisecond, or the clock went backwards, it borrows from the next millisecond rather
    than waiting, so ids stay unique and ordered; the borrowed time is repaid as the clock
    catches up.
    """

    def __init__(self, worker_id: int) -> None:
        if not 0 <= worker_id <= MAX_WORKER_ID:
            msg = f"worker id {worker_id} outside 0..{MAX_WORKER_ID}"
            raise ValueError(msg)
        self.worker_id = worker_id
        self._last_ms = -1
        self._sequence = 0

    def next(self, unix_ms: int) -> Snowflake:
        ms = max(unix_ms - EPOCH_MS, 0)
        if ms > self._last_ms:
            self._last_ms = ms
            self._sequence = 0
        elif self._sequence < MAX_SEQUENCE:
            self._sequence += 1
        else:
            self._last_ms += 1
            self._sequence = 0
        return compose(self._last_ms, self.worker_id, self._sequence)
