"""Start ``parley run`` on a free loopback port, run the message bench against it, stop it.

    python bench/run.py [-c CLIENTS] [-d SECONDS]

The server gets a fresh data directory and a rate limit high enough not to interfere; the
figures are those of the embedded profile (SQLite) on this machine, client and server sharing
its cores.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import messages  # noqa: E402 - the bench module sits beside this script


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("parley run exited:\n" + log.read_text())
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("parley run did not become healthy")


def main() -> int:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "parley.log"
        env = {
            **os.environ,
            "PARLEY_RATE_LIMIT_REQUESTS": "100000000",
            "PARLEY_EMAIL_PROVIDER": "log",
        }
        command = [
            sys.executable,
            "-m",
            "entrypoints.cli",
            "run",
            "--port",
            str(port),
            "--data-dir",
            str(Path(scratch) / "data"),
        ]
        with log.open("ab") as sink:
            server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)  # noqa: S603
        try:
            wait_healthy(url, server, log)
            return messages.main(["--url", url, "--log-file", str(log), *sys.argv[1:]])
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
