"""Start ``parley run`` as a real process on a free port and talk to it over HTTP."""

import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.contract.servers import free_port, server_url

CONFIRM_LINK = re.compile(r"/app/confirmation/(\d+)/([A-Za-z0-9_-]{40})")
RESET_LINK = re.compile(r"/app/recovery/(\d+)/([A-Za-z0-9_-]{40})")


@dataclass
class Platform:
    """A running ``parley run`` process with its data directory and log."""

    data_dir: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
        env = {
            **inherited,
            "PARLEY_EMAIL_PROVIDER": "log",
            "PARLEY_RATE_LIMIT_REQUESTS": "1000",
            **self.extra_env,
        }
        command = [
            sys.executable,
            "-m",
            "entrypoints.cli",
            "run",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("parley run exited:\n" + self.log_path.read_text())
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("parley run did not become healthy:\n" + self.log_path.read_text())

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def confirmation_link(self) -> tuple[int, str]:
        return _last_link(CONFIRM_LINK, self.log())

    def reset_link(self) -> tuple[int, str]:
        return _last_link(RESET_LINK, self.log())


def _last_link(pattern: re.Pattern[str], text: str) -> tuple[int, str]:
    matches = pattern.findall(text)
    assert matches, "no link in the mail log"
    user_id, token = matches[-1]
    return int(user_id), token


PRODUCTION_SERVERS = {
    "PostgreSQL": "PARLEY_DATABASE_URL",
    "Redis": "PARLEY_REDIS_URL",
    "NATS": "PARLEY_NATS_URL",
    "Cassandra": "PARLEY_CASSANDRA_HOSTS",
}


def production_env() -> dict[str, str]:
    """The real servers' settings (``scripts/services env``), failing in CI when one is absent."""
    env = {name: server_url(server, name) for server, name in PRODUCTION_SERVERS.items()}
    for optional in ("PARLEY_CASSANDRA_PORT", "PARLEY_CASSANDRA_KEYSPACE"):
        if os.environ.get(optional):
            env[optional] = os.environ[optional]
    return {**env, "PARLEY_PROFILE": "production", "PARLEY_AUTH_SECRET": secrets.token_urlsafe(32)}


@pytest.fixture(
    scope="module",
    params=["embedded", pytest.param("production", marks=pytest.mark.integration)],
)
def platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    """``parley run`` on the embedded profile, and again on the production one (real servers)."""
    extra = production_env() if request.param == "production" else {}
    root = tmp_path_factory.mktemp("parley")
    running = Platform(data_dir=root / "data", log_path=root / "parley.log", extra_env=extra)
    running.start()
    yield running
    running.stop()
