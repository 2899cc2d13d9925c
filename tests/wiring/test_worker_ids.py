"""Snowflake worker ids: claimed per process from the data dir, never shared, or configured."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from adapters.system.id_generator import SnowflakeIdGenerator
from adapters.system.worker_id import claim_worker_id
from domain.ids import decompose
from entrypoints.common.infrastructure import Infrastructure
from entrypoints.common.settings import Settings
from entrypoints.edge.platform import SECRET_FILE
from tests.contract.servers import free_port

STARTUP_TIMEOUT_S = 20


@pytest.fixture
def infrastructures() -> Iterator[list[Infrastructure]]:
    """Infrastructure containers made by a test; their worker leases are released after it."""
    made: list[Infrastructure] = []
    yield made
    for infra in made:
        infra.worker.shutdown()


def worker_of(infrastructures: list[Infrastructure], settings: Settings) -> int:
    infra = Infrastructure(settings=settings)
    infrastructures.append(infra)
    worker = infra.worker()
    assert isinstance(worker, int)
    generator = infra.ids()
    assert isinstance(generator, SnowflakeIdGenerator)
    assert generator.worker_id == worker
    assert decompose(generator.next_id()).worker_id == worker
    return worker


def test_containers_sharing_a_data_dir_claim_distinct_ids(
    tmp_path: Path, infrastructures: list[Infrastructure]
) -> None:
    settings = Settings(data_dir=str(tmp_path))

    workers = [worker_of(infrastructures, settings) for _ in range(3)]

    assert workers == [0, 1, 2]
    assert sorted(p.name for p in (tmp_path / "workers").iterdir()) == [
        "worker-0.lock",
        "worker-1.lock",
        "worker-2.lock",
    ]


def test_a_released_id_is_claimed_again(
    tmp_path: Path, infrastructures: list[Infrastructure]
) -> None:
    settings = Settings(data_dir=str(tmp_path))
    first = Infrastructure(settings=settings)
    assert first.worker() == 0
    assert worker_of(infrastructures, settings) == 1

    first.worker.shutdown()

    assert worker_of(infrastructures, settings) == 0


def test_separate_data_dirs_do_not_coordinate(
    tmp_path: Path, infrastructures: list[Infrastructure]
) -> None:
    one = worker_of(infrastructures, Settings(data_dir=str(tmp_path / "one")))
    two = worker_of(infrastructures, Settings(data_dir=str(tmp_path / "two")))

    assert (one, two) == (0, 0)


def test_an_explicit_worker_id_is_honoured_without_a_claim(
    tmp_path: Path, infrastructures: list[Infrastructure]
) -> None:
    settings = Settings(data_dir=str(tmp_path), worker_id=7)

    assert worker_of(infrastructures, settings) == 7
    assert worker_of(infrastructures, settings) == 7  # the operator's choice, taken as given
    assert not (tmp_path / "workers").exists()


def healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"parley run exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).text == "OK":
                return
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail(f"parley run on {port} never became healthy:\n{log.read_text()}")


def test_two_parley_processes_on_one_data_dir_never_share_an_id(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    started: list[tuple[int, subprocess.Popen[bytes], Path]] = []
    try:
        for index in range(2):  # both start at once: the claims and the secret race
            port, log = free_port(), tmp_path / f"parley-{index}.log"
            command = [
                sys.executable,
                *("-m", "entrypoints.cli", "run", "--port", str(port)),
                *("--data-dir", str(data_dir)),
            ]
            with log.open("wb") as output:
                process = subprocess.Popen(
                    command, stdout=output, stderr=subprocess.STDOUT, env=env
                )
            started.append((port, process, log))
        for port, process, log in started:
            healthy(port, process, log)

        holders = {
            int(path.read_text()): path.name for path in (data_dir / "workers").glob("*.lock")
        }
        assert sorted(holders) == sorted(process.pid for _, process, _ in started)
        assert sorted(holders.values()) == ["worker-0.lock", "worker-1.lock"]
        assert (data_dir / SECRET_FILE).read_text(encoding="utf-8")

        stop([process for _, process, _ in started])
        for _, _, log in started:
            assert "Application shutdown complete." in log.read_text()
        with claim_worker_id(data_dir / "workers") as lease:
            assert lease.worker_id == 0  # both ids released
    finally:
        stop([process for _, process, _ in started])


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM (uvicorn's graceful shutdown), then SIGKILL whatever lingers."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
