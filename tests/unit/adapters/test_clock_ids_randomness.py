import string

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.id_generator import FIXED_START_MS, SequentialIdGenerator
from adapters.memory.password_hasher import MemoryPasswordHasher
from adapters.memory.randomness import CountingRandomness
from domain.ids import MAX_SEQUENCE, decompose, unix_ms_of

URL_SAFE = set(string.ascii_letters + string.digits + "-_")


def test_clock_holds_still_until_moved() -> None:
    clock = ManualClock(1_000)
    assert clock.now_ms() == 1_000
    clock.advance(250)
    assert clock.now_ms() == 1_250
    clock.set(10)
    assert clock.now_ms() == 10


def test_clock_refuses_to_advance_backwards() -> None:
    with pytest.raises(ValueError, match="negative"):
        ManualClock().advance(-1)


def test_ids_carry_the_clock_time_and_worker() -> None:
    clock = ManualClock()
    ids = SequentialIdGenerator(clock, worker_id=7)
    parts = decompose(ids.next_id())
    assert parts.unix_ms == clock.now_ms()
    assert parts.worker_id == 7
    assert parts.sequence == 0


def test_ids_increase_with_a_frozen_clock_and_past_the_sequence_limit() -> None:
    ids = SequentialIdGenerator(ManualClock())
    made = [ids.next_id() for _ in range(MAX_SEQUENCE + 10)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_ids_follow_the_clock_and_stay_ordered_when_it_goes_back() -> None:
    clock = ManualClock()
    ids = SequentialIdGenerator(clock)
    first = ids.next_id()
    clock.advance(5_000)
    second = ids.next_id()
    assert unix_ms_of(second) == clock.now_ms()
    clock.set(clock.now_ms() - 60_000)
    third = ids.next_id()
    assert first < second < third


def test_ids_without_a_clock_use_the_fixed_start() -> None:
    ids = SequentialIdGenerator()
    first, second = ids.next_id(), ids.next_id()
    assert unix_ms_of(first) == FIXED_START_MS
    assert first < second


@pytest.mark.parametrize("length", [0, 1, 8, 40, 100])
def test_tokens_have_the_exact_length_and_are_url_safe(length: int) -> None:
    token = CountingRandomness().token(length)
    assert len(token) == length
    assert set(token) <= URL_SAFE


def test_tokens_differ_on_every_call_even_when_short() -> None:
    random = CountingRandomness()
    assert len({random.token(2) for _ in range(1_000)}) == 1_000
    assert len({random.token(40) for _ in range(100)}) == 100


def test_tokens_are_reproducible() -> None:
    first, second = CountingRandomness(), CountingRandomness()
    assert [first.token(40) for _ in range(3)] == [second.token(40) for _ in range(3)]


def test_token_length_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        CountingRandomness().token(-1)


async def test_password_hash_verifies_only_the_same_password() -> None:
    hasher = MemoryPasswordHasher()
    stored = await hasher.hash("correct horse")
    assert "correct horse" not in stored
    assert await hasher.verify(stored, "correct horse")
    assert not await hasher.verify(stored, "wrong horse")
    assert stored == await hasher.hash("correct horse")
