"""Gateway fan-out: one REST message reaching N sockets, latency and throughput.

Starts nothing: point it at a running server (``parley run``) on this machine. It signs up one
user the normal way (the confirmation link is read from the log mailer's output in
``--log-file``), creates a guild, opens ``--sockets`` gateway sockets for that user (each its
own session, all following the guild's general channel), then posts ``--messages`` messages
over REST, ``--concurrency`` at a time. Every socket must receive every message exactly once;
the script reports deliveries per second and the p50/p99/max latency from the POST's start to
each socket's receipt, and fails if any frame is missing. Start the server with a generous
rate limit (``PARLEY_RATE_LIMIT_REQUESTS=1000000``).

    python bench/ws_fanout.py --url http://127.0.0.1:8080 --log-file parley.log -n 500 -m 200
"""

import argparse
import asyncio
import json
import re
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect

API = "/api/v1"
CONFIRMATION = re.compile(
    r"mail to (?P<email>\S+?): .*/app/confirmation/(?P<id>\d+)/(?P<token>[A-Za-z0-9_-]+)"
)
MAIL_WAIT_S = 15.0
RECEIVE_WAIT_S = 30.0


@dataclass
class Socket:
    ws: ClientConnection
    received: dict[int, float] = field(default_factory=dict)
    """Message id → monotonic time the frame arrived."""


async def sign_up(http: httpx.AsyncClient, log_file: Path) -> str:
    name = f"fan{secrets.token_hex(4)}"
    email = f"{name}@example.com"
    response = await http.post(API + "/auth/registration", json={"email": email})
    response.raise_for_status()
    deadline = time.monotonic() + MAIL_WAIT_S
    match = None
    while match is None:
        if time.monotonic() > deadline:
            sys.exit(f"no confirmation mail for {email} in {log_file}")
        text = log_file.read_text(errors="replace")  # noqa: ASYNC240 - a small local log
        match = next((m for m in CONFIRMATION.finditer(text) if m["email"] == email), None)
        await asyncio.sleep(0.1)
    body = {
        "id": int(match["id"]),
        "token": match["token"],
        "name": name,
        "discriminator": name,
        "password": "correct horse 1",
    }
    (await http.post(API + "/auth/confirmation", json=body)).raise_for_status()
    login = {"email": email, "password": "correct horse 1"}
    response = await http.post(API + "/auth/login", json=login)
    response.raise_for_status()
    return str(response.json()["token"])


async def open_socket(url: str, token: str, channel_id: int) -> Socket:
    ws = await connect(url, max_size=None, open_timeout=30)
    await ws.send(json.dumps({"op": 1, "d": {"token": token}}))
    json.loads(await ws.recv())
    await ws.send(json.dumps({"op": 5, "d": {"channel": channel_id}}))
    await ws.send(json.dumps({"op": 6, "d": {"add": [1]}}))  # its snapshot marks op 5 done
    while json.loads(await ws.recv())["op"] != 3:
        pass
    return Socket(ws)


async def listen(socket: Socket, expected: int) -> None:
    async with asyncio.timeout(RECEIVE_WAIT_S):
        while len(socket.received) < expected:
            frame = json.loads(await socket.ws.recv())
            if frame.get("t") == 100:
                socket.received[frame["d"]["message"]["id"]] = time.monotonic()


async def run(args: argparse.Namespace) -> int:
    base = args.url.rstrip("/")
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        token = await sign_up(http, Path(args.log_file))
        headers = {"Authorization": f"Bearer {token}"}
        guild = await http.post(API + "/guild", json={"name": "fanout"}, headers=headers)
        guild.raise_for_status()
        channels = await http.get(f"{API}/guild/{guild.json()['id']}/channel", headers=headers)
        channel_id = next(c["id"] for c in channels.json() if c["type"] == 0)
        ws_url = base.replace("http", "ws", 1) + "/ws/subscribe"
        sockets: list[Socket] = []
        for start in range(0, args.sockets, 50):
            batch = range(start, min(start + 50, args.sockets))
            sockets += await asyncio.gather(
                *(open_socket(ws_url, token, channel_id) for _ in batch)
            )
        listeners = [asyncio.create_task(listen(s, args.messages)) for s in sockets]
        sent_at: dict[int, float] = {}
        gate = asyncio.Semaphore(args.concurrency)

        async def post(n: int) -> None:
            async with gate:
                began = time.monotonic()
                response = await http.post(
                    f"{API}/message/channel/{channel_id}",
                    json={"content": f"m{n}"},
                    headers=headers,
                )
                response.raise_for_status()
                sent_at[response.json()["id"]] = began

        began = time.monotonic()
        await asyncio.gather(*(post(n) for n in range(args.messages)))
        outcome = await asyncio.gather(*listeners, return_exceptions=True)
        elapsed = time.monotonic() - began
        for socket in sockets:
            await socket.ws.close()
    missing = sum(args.messages - len(s.received) for s in sockets)
    latencies = sorted(
        (arrived - sent_at[mid]) * 1000 for s in sockets for mid, arrived in s.received.items()
    )
    deliveries = len(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0.0
    print(
        f"sockets={args.sockets} messages={args.messages} deliveries={deliveries} "
        f"missing={missing} elapsed={elapsed:.2f}s rate={deliveries / elapsed:.0f}/s "
        f"p50={statistics.median(latencies) if latencies else 0:.1f}ms p99={p99:.1f}ms "
        f"max={latencies[-1] if latencies else 0:.1f}ms"
    )
    failed = [o for o in outcome if isinstance(o, BaseException)]
    return 1 if missing or failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--log-file", required=True, help="the server's output (log mailer)")
    parser.add_argument("-n", "--sockets", type=int, default=200)
    parser.add_argument("-m", "--messages", type=int, default=100)
    parser.add_argument("-c", "--concurrency", type=int, default=4)
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
