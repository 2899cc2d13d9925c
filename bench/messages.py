"""Load test of the message routes: send throughput and history (limit 50) throughput.

Starts nothing: point it at a running server (``parley run``) on this machine. It signs up two
users the normal way (registration, confirmation link read from the log mailer's output in
``--log-file``, login), creates a guild, invites the second user when the invites routes exist,
then runs two phases with ``--clients`` concurrent clients for ``--duration`` seconds each:

1. ``POST /message/channel/{c}`` with a short text,
2. ``GET /message/channel/{c}?limit=50``.

It prints requests/s with p50 and p99 latency per phase, and the CPU used meanwhile by this
client and, given ``--server-pid``, by the server (% of one core), and stops by itself: every
loop is bounded by the deadline and by ``--max-requests`` per client. The server's rate limit
counts per user, so start it with a generous one (e.g. ``PARLEY_RATE_LIMIT_REQUESTS=1000000``);
refused requests are reported in the ``errors`` column by status.

    python bench/messages.py --url http://127.0.0.1:8080 --log-file parley.log -c 16 -d 10
"""

import argparse
import asyncio
import ipaddress
import os
import re
import secrets
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

API = "/api/v1"
CONFIRMATION = re.compile(
    r"mail to (?P<email>\S+?): .*/app/confirmation/(?P<id>\d+)/(?P<token>[A-Za-z0-9_-]+)"
)
MAIL_WAIT_S = 15.0
HISTORY_FILL = 60
TRANSPORT_ERROR = 0


@dataclass
class User:
    id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Phase:
    """What one timed phase measured."""

    name: str
    clients: int
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[int] = field(default_factory=Counter)
    client_cpu_s: float = 0.0
    server_cpu_s: float | None = None
    """CPU time of this process and of the server (``--server-pid``) during the phase."""

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + sum(self.errors.values())

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile of the successful requests' latencies."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        rank = max(1, round(fraction * len(ordered) + 0.5))
        return ordered[min(rank, len(ordered)) - 1]


class BenchError(Exception):
    """The set-up could not be completed; the message says which step failed."""


def check(response: httpx.Response, status: int, step: str) -> httpx.Response:
    if response.status_code != status:
        msg = f"{step}: expected {status}, got {response.status_code} {response.text[:200]!r}"
        raise BenchError(msg)
    return response


def require_loopback(url: str) -> None:
    """This is a load generator: it only ever targets this machine."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        msg = f"--url must point at this machine (127.0.0.1, ::1 or localhost), not {host!r}"
        raise BenchError(msg)


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process (Linux ``/proc``), if known."""
    if pid is None:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scan(log_file: Path, email: str) -> tuple[int, str] | None:
    """The newest confirmation link mailed to ``email`` in the log, if any."""
    if not log_file.exists():
        return None
    text = log_file.read_text(encoding="utf-8", errors="replace")
    found = [m for m in CONFIRMATION.finditer(text) if m["email"] == email]
    return (int(found[-1]["id"]), found[-1]["token"]) if found else None


async def confirmation_link(log_file: Path, email: str) -> tuple[int, str]:
    """Wait for the log mailer's line for ``email``; return (user id, token)."""
    deadline = time.monotonic() + MAIL_WAIT_S
    while time.monotonic() < deadline:
        found = await asyncio.to_thread(scan, log_file, email)
        if found is not None:
            return found
        await asyncio.sleep(0.1)
    msg = f"no confirmation mail for {email} in {log_file} after {MAIL_WAIT_S:.0f} s"
    raise BenchError(msg)


async def sign_up(http: httpx.AsyncClient, log_file: Path, name: str, password: str) -> User:
    email = f"{name}@bench.example"
    check(await http.post(f"{API}/auth/registration", json={"email": email}), 201, "register")
    user_id, token = await confirmation_link(log_file, email)
    confirmation = {
        "id": user_id,
        "token": token,
        "name": name,
        "discriminator": name,
        "password": password,
    }
    check(await http.post(f"{API}/auth/confirmation", json=confirmation), 201, "confirm")
    login = {"email": email, "password": password}
    pair = check(await http.post(f"{API}/auth/login", json=login), 200, "login").json()
    return User(id=user_id, token=pair["token"])


async def set_up(http: httpx.AsyncClient, log_file: Path) -> tuple[list[User], int, int]:
    """Two users and a guild text channel both may write in; (writers, guild id, channel id)."""
    run, password = secrets.token_hex(3), secrets.token_urlsafe(16)
    owner = await sign_up(http, log_file, f"bench{run}a", password)
    guest = await sign_up(http, log_file, f"bench{run}b", password)
    created = await http.post(f"{API}/guild", json={"name": "bench"}, headers=owner.headers)
    guild_id = check(created, 200, "create guild").json()["id"]
    listing = await http.get(f"{API}/guild/{guild_id}/channel", headers=owner.headers)
    channels = check(listing, 200, "list channels").json()
    channel_id = next(int(c["id"]) for c in channels if c["type"] == 0)
    writers = [owner]
    invite = await http.post(f"{API}/guild/invites/{guild_id}", json={}, headers=owner.headers)
    if invite.status_code == 201:
        code = invite.json()["code"]
        joined = await http.post(f"{API}/guild/invites/accept/{code}", headers=guest.headers)
        check(joined, 200, "accept invite")
        writers.append(guest)
    else:
        print(f"(invites unavailable: {invite.status_code}; only the owner writes)")
    return writers, int(guild_id), channel_id


async def measure(
    name: str,
    *,
    clients: int,
    duration_s: float,
    max_requests: int,
    call: Callable[[int], Awaitable[httpx.Response]],
    ok_status: int = 200,
    server_pid: int | None = None,
) -> Phase:
    """Run ``clients`` loops of ``call(client index)`` until the deadline or the cap."""
    phase = Phase(name=name, clients=clients)
    deadline = time.perf_counter() + duration_s

    async def client(index: int) -> None:
        for _ in range(max_requests):
            if time.perf_counter() >= deadline:
                return
            start = time.perf_counter()
            try:
                response = await call(index)
            except httpx.HTTPError:
                phase.errors[TRANSPORT_ERROR] += 1
                continue
            if response.status_code == ok_status:
                phase.latencies_ms.append((time.perf_counter() - start) * 1000)
            else:
                phase.errors[response.status_code] += 1

    began, client_cpu, server_cpu = (
        time.perf_counter(),
        time.process_time(),
        cpu_seconds(server_pid),
    )
    await asyncio.wait_for(
        asyncio.gather(*(client(i) for i in range(clients))), timeout=duration_s + 60
    )
    phase.elapsed_s = time.perf_counter() - began
    phase.client_cpu_s = time.process_time() - client_cpu
    server_after = cpu_seconds(server_pid)
    if server_cpu is not None and server_after is not None:
        phase.server_cpu_s = server_after - server_cpu
    return phase


def table(phases: list[Phase]) -> str:
    """One line per phase; CPU columns are % of one core (server, then this client)."""
    header = f"{'phase':<18}{'clients':>8}{'requests':>10}{'errors':>14}{'req/s':>10}"
    header += f"{'p50 ms':>9}{'p99 ms':>9}{'srv CPU':>9}{'cli CPU':>9}"
    lines = [header, "-" * len(header)]
    for phase in phases:
        errors = ",".join(f"{s or 'io'}:{n}" for s, n in sorted(phase.errors.items())) or "0"
        elapsed = phase.elapsed_s or float("nan")
        rate = len(phase.latencies_ms) / elapsed
        server = "-" if phase.server_cpu_s is None else f"{100 * phase.server_cpu_s / elapsed:.0f}%"
        client = f"{100 * phase.client_cpu_s / elapsed:.0f}%"
        lines.append(
            f"{phase.name:<18}{phase.clients:>8}{phase.requests:>10}{errors:>14}{rate:>10.1f}"
            f"{phase.percentile(0.50):>9.2f}{phase.percentile(0.99):>9.2f}{server:>9}{client:>9}"
        )
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> list[Phase]:
    limits = httpx.Limits(max_connections=args.clients + 2, max_keepalive_connections=args.clients)
    timeout = httpx.Timeout(10.0)
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=timeout) as http:
        writers, _, channel_id = await set_up(http, Path(args.log_file))
        path = f"{API}/message/channel/{channel_id}"
        for index in range(HISTORY_FILL):
            writer = writers[index % len(writers)]
            body: dict[str, Any] = {"content": f"fill {index}"}
            check(await http.post(path, json=body, headers=writer.headers), 200, "fill history")

        def send(index: int) -> Awaitable[httpx.Response]:
            writer = writers[index % len(writers)]
            return http.post(path, json={"content": "bench message"}, headers=writer.headers)

        def history(index: int) -> Awaitable[httpx.Response]:
            reader = writers[index % len(writers)]
            return http.get(path, params={"limit": 50}, headers=reader.headers)

        cap = args.max_requests
        return [
            await measure(
                "POST message",
                clients=args.clients,
                duration_s=args.duration,
                max_requests=cap,
                call=send,
                server_pid=args.server_pid,
            ),
            await measure(
                "GET history (50)",
                clients=args.clients,
                duration_s=args.duration,
                max_requests=cap,
                call=history,
                server_pid=args.server_pid,
            ),
        ]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080", help="server base URL")
    parser.add_argument("--log-file", required=True, help="file the server's log mailer writes to")
    parser.add_argument("-c", "--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("-d", "--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument(
        "--max-requests", type=int, default=100_000, help="cap on requests per client and phase"
    )
    parser.add_argument("--server-pid", type=int, help="the server's PID, for its CPU time")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.duration <= 0 or args.max_requests < 1:
        parser.error("--clients, --duration and --max-requests must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        require_loopback(args.url)
        phases = asyncio.run(run(args))
    except (BenchError, httpx.HTTPError) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return 1
    print(table(phases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
