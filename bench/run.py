"""Start ``parley run`` on a free loopback port, run a bench against it, stop it.

    python bench/run.py [--profile embedded|production] [--scenario messages|history-100k]
                        [-c CLIENTS] [-d SECONDS] [scenario options]

Scenarios: ``messages`` (``bench/messages.py``: send throughput, then newest-page history) and
``history-100k`` (``bench/history_100k.py``: one channel filled with 100,000 messages, then
history pages at the newest message and at random anchors in every direction).

Profiles:

- ``embedded`` (default): SQLite in a fresh data directory.
- ``production``: PostgreSQL, Cassandra/Scylla, and Redis and NATS when present, taken from the
  environment (``PARLEY_DATABASE_URL``, ``PARLEY_CASSANDRA_HOSTS``…) or else from
  ``scripts/services env --all``. Each run gets its own keyspace (``bench_<random>``, dropped
  afterwards unless ``--keep-keyspace``) and a random ``auth_secret``; the PostgreSQL database
  is shared, which is harmless since every run signs up users of its own.

Either way the server gets a rate limit high enough not to interfere, only traffic to
127.0.0.1 is sent, and the server is stopped when the bench ends; client and server share this
machine's cores.
"""

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import history_100k  # noqa: E402 - the bench modules sit beside this script
import messages  # noqa: E402

SERVER_SETTINGS = (
    "PARLEY_DATABASE_URL",
    "PARLEY_CASSANDRA_HOSTS",
    "PARLEY_CASSANDRA_PORT",
    "PARLEY_REDIS_URL",
    "PARLEY_NATS_URL",
)
"""What the production profile takes from the servers (the rest the bench sets itself)."""

REQUIRED = ("PARLEY_DATABASE_URL", "PARLEY_CASSANDRA_HOSTS")
SCENARIOS = {"messages": messages.main, "history-100k": history_100k.main}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
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


def services_env() -> dict[str, str]:
    """``PARLEY_*`` lines of ``scripts/services env --all`` (the running servers)."""
    try:
        done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [str(ROOT / "scripts" / "services"), "env", "--all"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SystemExit(f"scripts/services env --all failed: {error}") from error
    found: dict[str, str] = {}
    for line in done.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.startswith("PARLEY_"):
            found[key.strip()] = value.strip()
    return found


def production_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """The servers from the environment when it names them, else from ``scripts/services``."""
    source = "environment"
    servers = {k: environ[k] for k in SERVER_SETTINGS if environ.get(k)}
    if not all(k in servers for k in REQUIRED):
        source = "scripts/services env --all"
        servers = {k: v for k, v in services_env().items() if k in SERVER_SETTINGS and v}
    missing = [k for k in REQUIRED if k not in servers]
    if missing:
        raise SystemExit(
            f"production profile needs {', '.join(missing)}: export them, or start the servers "
            "with scripts/services up"
        )
    shown = ", ".join(k.removeprefix("PARLEY_").lower() for k in sorted(servers))
    print(f"production servers from {source}: {shown}")
    return {
        **servers,
        "PARLEY_PROFILE": "production",
        "PARLEY_AUTH_SECRET": secrets.token_urlsafe(32),
        "PARLEY_CASSANDRA_KEYSPACE": f"bench_{secrets.token_hex(4)}",
    }


def server_env(profile: str) -> dict[str, str]:
    """The server's environment: no inherited ``PARLEY_*`` setting, only the bench's own.

    An inherited ``PARLEY_DATABASE_URL`` would otherwise move even the embedded profile onto
    PostgreSQL.
    """
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    settings = {
        "PARLEY_RATE_LIMIT_REQUESTS": "100000000",
        "PARLEY_EMAIL_PROVIDER": "log",
        "PARLEY_PROFILE": "embedded",
    }
    if profile == "production":
        settings.update(production_settings(os.environ))
    return {**inherited, **settings}


async def drop_keyspace(env: Mapping[str, str]) -> None:
    """Remove the run's keyspace (production), so runs do not pile up data."""
    from adapters.scylla.session import ScyllaSession  # noqa: PLC0415 - production only
    from entrypoints.common.resources import scylla_config  # noqa: PLC0415
    from entrypoints.common.settings import load_settings  # noqa: PLC0415

    config = scylla_config(load_settings(environ=env))
    session = ScyllaSession(config)
    try:
        await session.execute_schema(f"DROP KEYSPACE IF EXISTS {config.keyspace}")
    finally:
        await session.close()


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Other options go to the scenario (see bench/messages.py, bench/history_100k.py).",
    )
    parser.add_argument("--profile", choices=["embedded", "production"], default="embedded")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="messages")
    parser.add_argument(
        "--keep-keyspace", action="store_true", help="production: keep the run's keyspace"
    )
    return parser.parse_known_args(argv)


def main() -> int:
    args, rest = parse(sys.argv[1:])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(args.profile)
    keyspace = env.get("PARLEY_CASSANDRA_KEYSPACE")
    print(f"profile {args.profile}, scenario {args.scenario}, server {url}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "parley.log"
        data = Path(scratch) / "data"
        env["PARLEY_DATA_DIR"] = str(data)
        command = [sys.executable, "-m", "entrypoints.cli", "run", "--port", str(port)]
        with log.open("ab") as sink:
            server = subprocess.Popen(  # noqa: S603
                command, stdout=sink, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )
        try:
            wait_healthy(url, server, log)
            argv = ["--url", url, "--log-file", str(log), "--server-pid", str(server.pid), *rest]
            if args.scenario == "history-100k":
                return history_100k.main(argv, environ=env)
            return messages.main(argv)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            if keyspace and args.keep_keyspace:
                print(f"kept keyspace {keyspace}")
            elif keyspace:
                try:
                    asyncio.run(drop_keyspace(env))
                except Exception as error:  # noqa: BLE001 - cleanup must not hide the result
                    print(f"could not drop keyspace {keyspace}: {error!r}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
