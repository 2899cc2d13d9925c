"""Snowflake ids in GoChat's layout (spec §5)."""

from datetime import UTC, datetime

import pytest

from domain.ids import (
    EPOCH_MS,
    MAX_ID,
    MAX_SEQUENCE,
    MAX_WORKER_ID,
    SnowflakeParts,
    SnowflakeSequencer,
    bucket_of,
    compose,
    decompose,
    is_valid_id,
    smallest_id_at,
    unix_ms_of,
)

EXAMPLE = 2230469276416868352
EXAMPLE_MS_SINCE_EPOCH = 531785315613
EXAMPLE_UNIX_MS = 1758143315613


def test_epoch_is_2008_11_10_2300_utc() -> None:
    assert datetime.fromtimestamp(EPOCH_MS / 1000, UTC) == datetime(2008, 11, 10, 23, tzinfo=UTC)


def test_spec_example_time() -> None:
    assert EXAMPLE >> 22 == EXAMPLE_MS_SINCE_EPOCH
    assert unix_ms_of(EXAMPLE) == EXAMPLE_UNIX_MS == EPOCH_MS + EXAMPLE_MS_SINCE_EPOCH
    when = datetime.fromtimestamp(unix_ms_of(EXAMPLE) / 1000, UTC)
    assert when.isoformat(timespec="milliseconds") == "2025-09-17T21:08:35.613+00:00"


def test_spec_example_bucket_is_whole_days_since_epoch() -> None:
    assert bucket_of(EXAMPLE) == 6154
    assert bucket_of(EXAMPLE) == EXAMPLE_MS_SINCE_EPOCH // 86_400_000


def test_spec_example_decomposes_to_worker_zero_sequence_zero() -> None:
    assert decompose(EXAMPLE) == SnowflakeParts(unix_ms=EXAMPLE_UNIX_MS, worker_id=0, sequence=0)


def test_compose_and_decompose_round_trip() -> None:
    snowflake = compose(EXAMPLE_MS_SINCE_EPOCH, 5, 17)
    assert snowflake == EXAMPLE_MS_SINCE_EPOCH << 22 | 5 << 12 | 17
    assert decompose(snowflake) == SnowflakeParts(unix_ms=EXAMPLE_UNIX_MS, worker_id=5, sequence=17)
    assert compose(EXAMPLE_MS_SINCE_EPOCH, 0, 0) == EXAMPLE


def test_compose_accepts_the_extremes() -> None:
    assert compose((1 << 41) - 1, MAX_WORKER_ID, MAX_SEQUENCE) == MAX_ID
    assert compose(0, 0, 0) == 0


@pytest.mark.parametrize(
    ("ms", "worker", "sequence", "message"),
    [
        (0, -1, 0, "worker id -1 outside 0..1023"),
        (0, 1024, 0, "worker id 1024 outside 0..1023"),
        (0, 0, -1, "sequence -1 outside 0..4095"),
        (0, 0, 4096, "sequence 4096 outside 0..4095"),
        (-1, 0, 0, "timestamp -1 outside the 41-bit range"),
        (1 << 41, 0, 0, f"timestamp {1 << 41} outside the 41-bit range"),
    ],
)
def test_compose_rejects_parts_that_do_not_fit(
    ms: int, worker: int, sequence: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        compose(ms, worker, sequence)


def test_bucket_with_a_high_worker_id_still_counts_days() -> None:
    # id >> 20 = 4·ms + (worker >> 8); the extra 0..3 never crosses a day boundary.
    assert bucket_of(compose(EXAMPLE_MS_SINCE_EPOCH, MAX_WORKER_ID, MAX_SEQUENCE)) == 6154


def test_smallest_id_at_is_the_first_id_of_that_millisecond() -> None:
    assert smallest_id_at(EXAMPLE_UNIX_MS) == EXAMPLE
    assert smallest_id_at(EPOCH_MS - 1000) == 0


@pytest.mark.parametrize(
    ("value", "valid"),
    [(0, False), (-5, False), (1, True), (EXAMPLE, True), (MAX_ID, True), (MAX_ID + 1, False)],
)
def test_is_valid_id(value: int, valid: bool) -> None:
    assert is_valid_id(value) is valid


# Sequencer


@pytest.mark.parametrize("worker", [-1, MAX_WORKER_ID + 1])
def test_sequencer_rejects_a_worker_id_out_of_range(worker: int) -> None:
    with pytest.raises(ValueError, match="worker id"):
        SnowflakeSequencer(worker)


def test_sequencer_stamps_time_and_worker() -> None:
    sequencer = SnowflakeSequencer(7)
    assert sequencer.worker_id == 7
    first = sequencer.next(EXAMPLE_UNIX_MS)
    assert decompose(first) == SnowflakeParts(unix_ms=EXAMPLE_UNIX_MS, worker_id=7, sequence=0)


def test_sequencer_is_strictly_increasing_as_time_advances() -> None:
    sequencer = SnowflakeSequencer(0)
    made = [sequencer.next(EXAMPLE_UNIX_MS + step // 3) for step in range(30)]
    assert made == sorted(set(made))
    assert made[0] == EXAMPLE


def test_sequencer_restarts_the_sequence_in_a_new_millisecond() -> None:
    sequencer = SnowflakeSequencer(0)
    sequencer.next(EXAMPLE_UNIX_MS)
    sequencer.next(EXAMPLE_UNIX_MS)
    assert decompose(sequencer.next(EXAMPLE_UNIX_MS + 1)).sequence == 0


def test_sequencer_makes_4096_ids_in_one_millisecond_then_borrows_the_next() -> None:
    sequencer = SnowflakeSequencer(0)
    made = [sequencer.next(EXAMPLE_UNIX_MS) for _ in range(MAX_SEQUENCE + 1)]
    assert [decompose(s).sequence for s in made] == list(range(4096))
    assert {unix_ms_of(s) for s in made} == {EXAMPLE_UNIX_MS}

    borrowed = sequencer.next(EXAMPLE_UNIX_MS)
    assert decompose(borrowed) == SnowflakeParts(
        unix_ms=EXAMPLE_UNIX_MS + 1, worker_id=0, sequence=0
    )
    # When the clock reaches the borrowed millisecond, the sequence carries on rather than repeats.
    caught_up = sequencer.next(EXAMPLE_UNIX_MS + 1)
    assert decompose(caught_up).unix_ms == EXAMPLE_UNIX_MS + 1
    assert decompose(caught_up).sequence == 1
    everything = [*made, borrowed, caught_up]
    assert everything == sorted(set(everything))


def test_sequencer_keeps_increasing_when_the_clock_goes_backwards() -> None:
    sequencer = SnowflakeSequencer(0)
    before = sequencer.next(EXAMPLE_UNIX_MS)
    during = [sequencer.next(EXAMPLE_UNIX_MS - 5_000) for _ in range(3)]
    assert [*(unix_ms_of(s) for s in during)] == [EXAMPLE_UNIX_MS] * 3
    assert [before, *during] == sorted({before, *during})
    after = sequencer.next(EXAMPLE_UNIX_MS + 1)
    assert after > during[-1]
    assert decompose(after).sequence == 0


def test_sequencer_repays_borrowed_time_across_a_backwards_jump() -> None:
    sequencer = SnowflakeSequencer(0)
    made = [sequencer.next(EXAMPLE_UNIX_MS - (i % 2) * 10) for i in range(2 * (MAX_SEQUENCE + 1))]
    assert made == sorted(set(made))
    assert unix_ms_of(made[-1]) == EXAMPLE_UNIX_MS + 1


def test_sequencer_clamps_a_clock_before_the_epoch_to_zero() -> None:
    sequencer = SnowflakeSequencer(0)
    assert sequencer.next(EPOCH_MS - 1) == 0
    assert sequencer.next(0) == 1
