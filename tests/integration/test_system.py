import multiprocessing
import time
from pathlib import Path

import pytest

from adapters.memory.clock import ManualClock
from adapters.system.clock import SystemClock
from adapters.system.id_generator import SnowflakeIdGenerator
from adapters.system.randomness import SecretsRandomness
from adapters.system.worker_id import claim_worker_id
from domain.ids import decompose

URL_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_system_clock_reads_unix_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    now = SystemClock().now_ms()
    after = time.time_ns() // 1_000_000
    assert before <= now <= after


@pytest.mark.parametrize("length", [1, 2, 3, 4, 32, 40, 41, 64])
def test_tokens_have_the_exact_length_and_alphabet(length: int) -> None:
    token = SecretsRandomness().token(length)
    assert len(token) == length
    assert set(token) <= URL_SAFE


def test_tokens_differ() -> None:
    random = SecretsRandomness()
    assert len({random.token(40) for _ in range(1000)}) == 1000


def test_token_length_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        SecretsRandomness().token(0)


def test_snowflakes_carry_worker_and_time_and_increase() -> None:
    clock = ManualClock(1_700_000_000_000)
    ids = SnowflakeIdGenerator(7, clock)

    first, second = ids.next_id(), ids.next_id()
    clock.advance(5)
    third = ids.next_id()

    assert first < second < third
    parts = decompose(third)
    assert (parts.unix_ms, parts.worker_id) == (1_700_000_000_005, 7)
    assert ids.worker_id == 7


def test_worker_id_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="worker id"):
        SnowflakeIdGenerator(1024, ManualClock())


def test_leases_in_one_directory_are_distinct_and_reusable(tmp_path: Path) -> None:
    first = claim_worker_id(tmp_path)
    second = claim_worker_id(tmp_path)
    assert (first.worker_id, second.worker_id) == (0, 1)
    assert first.path == tmp_path / "worker-0.lock"

    first.close()
    first.close()  # idempotent
    assert not first.held
    with claim_worker_id(tmp_path) as third:
        assert third.worker_id == 0
        assert third.held
    with claim_worker_id(tmp_path) as again:  # the context manager released id 0
        assert again.worker_id == 0
    second.close()


def test_missing_directory_is_created(tmp_path: Path) -> None:
    with claim_worker_id(tmp_path / "a" / "b") as lease:
        assert lease.worker_id == 0


def _claim_and_hold(directory: str, ready: "multiprocessing.Queue[int]", done: object) -> None:
    with claim_worker_id(Path(directory)) as lease:
        ready.put(lease.worker_id)
        done.wait(10)  # type: ignore[attr-defined]


def test_two_processes_never_share_an_id(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    ready: multiprocessing.Queue[int] = context.Queue()
    done = context.Event()
    workers = [
        context.Process(target=_claim_and_hold, args=(str(tmp_path), ready, done)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    try:
        claimed = {ready.get(timeout=30), ready.get(timeout=30)}
    finally:
        done.set()
        for worker in workers:
            worker.join(timeout=30)
    assert claimed == {0, 1}
    assert all(worker.exitcode == 0 for worker in workers)

    # Both exited, so their ids are free again.
    with claim_worker_id(tmp_path) as lease:
        assert lease.worker_id == 0


def _claim_and_exit(directory: str) -> None:
    claim_worker_id(Path(directory))  # never closed: the process just ends


def test_a_dead_process_releases_its_id(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    worker = context.Process(target=_claim_and_exit, args=(str(tmp_path),))
    worker.start()
    worker.join(timeout=30)
    assert worker.exitcode == 0

    with claim_worker_id(tmp_path) as lease:
        assert lease.worker_id == 0


def test_all_ids_taken_is_an_error(tmp_path: Path) -> None:
    leases = [claim_worker_id(tmp_path, range(3)) for _ in range(3)]
    try:
        with pytest.raises(RuntimeError, match="taken"):
            claim_worker_id(tmp_path, range(3))
    finally:
        for lease in leases:
            lease.close()


def test_a_host_can_be_given_its_own_range(tmp_path: Path) -> None:
    with claim_worker_id(tmp_path, range(512, 1024)) as lease:
        assert lease.worker_id == 512


@pytest.mark.parametrize("ids", [range(0), range(-1, 3), range(1000, 1025), range(0, 10, 2)])
def test_bad_ranges_are_refused(tmp_path: Path, ids: range) -> None:
    with pytest.raises(ValueError, match="worker ids"):
        claim_worker_id(tmp_path, ids)


def test_the_full_range_is_1024_ids(tmp_path: Path) -> None:
    with claim_worker_id(tmp_path, range(1023, 1024)) as lease:
        assert lease.worker_id == 1023
