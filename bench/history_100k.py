"""History pages of one channel holding 100,000 messages (p50/p99, req/s).

Needs a running ``parley run`` on this machine and the same ``PARLEY_*`` settings the server
has (``bench/run.py --scenario history-100k`` starts one and passes them): the fill writes
straight into the server's stores, which sending 100k messages over HTTP would take minutes to
do. Steps:

1. Sign up two users and make a guild (as ``bench/messages.py`` does); its text channel is
   the one filled.
2. Fill: ``--messages`` messages (100,000), authored by the two users in turn, with snowflake
   ids spread evenly over ``--days`` days (30), so the Scylla store gets a partition per day
   and its history walks cross buckets. The ids start just after the set-up, so they run up to
   30 days into the future: a history anchor at or below the channel's own id gives an empty
   page (GoChat's rule), and the channel is new. Messages go through the message store the
   settings select (``ScyllaMessageStore.add``, 64 in flight, when ``cassandra_hosts`` is set in
   the production profile; otherwise batched inserts of the SQL store's rows into its
   ``messages`` table), then the channel's last message is raised through the relational
   store's ``ChannelRepository.set_last_message``. A channel edit over HTTP (topic) follows, so
   an embedded server's read cache drops the channel row it may hold and re-reads it.
3. Check a few pages of each kind against the ids written (exact ids and order).
4. Measure ``GET /message/channel/{c}?limit=50`` for ``--duration`` seconds each with
   ``--clients`` clients: the newest page, then random anchors (``from``, any written id) with
   ``direction`` before, after and around.

    python bench/history_100k.py --url http://127.0.0.1:8080 --log-file parley.log
"""

import argparse
import asyncio
import bisect
import os
import random
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from sqlalchemy import insert

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import messages as bench  # noqa: E402 - the bench module sits beside this script

from adapters.scylla.message_store import ScyllaMessageStore  # noqa: E402
from adapters.scylla.session import ScyllaSession  # noqa: E402
from adapters.sql.engine import Database, create_engine  # noqa: E402
from adapters.sql.message_mappers import message_values  # noqa: E402
from adapters.sql.message_tables import messages as messages_table  # noqa: E402
from adapters.sql.unit_of_work import SqlUnitOfWork  # noqa: E402
from domain.ids import MAX_WORKER_ID, SnowflakeSequencer, bucket_of  # noqa: E402
from domain.messages import Message  # noqa: E402
from entrypoints.common.infrastructure import message_side  # noqa: E402
from entrypoints.common.resources import database_url, scylla_config  # noqa: E402
from entrypoints.common.settings import Settings, load_settings  # noqa: E402

PAGE = 50
DAY_MS = 86_400_000
FILL_WORKER = MAX_WORKER_ID
"""Worker id of the filled ids: not the server's (it claims the lowest free one)."""
SQL_BATCH = 5_000
SCYLLA_IN_FLIGHT = 64
CHECKS = 8
"""Pages of each kind compared with the ids written before measuring."""


def fill_ids(count: int, days: float, start_ms: int) -> list[int]:
    """``count`` increasing snowflakes spread evenly over ``days`` days from ``start_ms``."""
    span = int(days * DAY_MS)
    sequencer = SnowflakeSequencer(FILL_WORKER)
    return [sequencer.next(start_ms + i * span // count) for i in range(count)]


def make_messages(channel_id: int, ids: Sequence[int], authors: Sequence[int]) -> Iterator[Message]:
    for index, message_id in enumerate(ids):
        yield Message(
            id=message_id,
            channel_id=channel_id,
            author_id=authors[index % len(authors)],
            content=f"history bench message {index}: the quick brown fox jumps over the lazy dog",
        )


@asynccontextmanager
async def relational(settings: Settings) -> AsyncIterator[Database]:
    database = Database(create_engine(database_url(settings)), cache_entries=0)
    try:
        yield database
    finally:
        await database.dispose()


async def fill_sql(database: Database, batch: Iterator[Message], count: int) -> None:
    """The SQL store's rows, ``SQL_BATCH`` per transaction (one ``add`` each would be 100k)."""
    for _ in range(0, count, SQL_BATCH):
        rows = [message_values(m) for _, m in zip(range(SQL_BATCH), batch, strict=False)]
        async with database.write() as connection:
            await connection.execute(insert(messages_table), rows)


async def fill_scylla(settings: Settings, batch: Iterator[Message]) -> None:
    """``ScyllaMessageStore.add`` (bucket index, then the row), ``SCYLLA_IN_FLIGHT`` at once."""
    session = ScyllaSession(scylla_config(settings))
    store = ScyllaMessageStore(session)

    async def worker() -> None:
        for message in batch:  # one shared iterator: each message is taken once
            await store.add(message)

    try:
        await asyncio.gather(*(worker() for _ in range(SCYLLA_IN_FLIGHT)))
    finally:
        await session.close()


async def fill(settings: Settings, channel_id: int, ids: list[int], authors: list[int]) -> str:
    """Write the messages and raise the channel's last message; returns the store's name."""
    side = message_side(settings)
    batch = make_messages(channel_id, ids, authors)
    async with relational(settings) as database:
        if side == "scylla":
            await fill_scylla(settings, batch)
        elif side == "sql":
            await fill_sql(database, batch, len(ids))
        else:
            raise bench.BenchError(f"the {settings.profile} profile keeps messages in memory")
        async with SqlUnitOfWork(database).write() as tx:
            await tx.channels.set_last_message([channel_id], ids[-1])
    return side


def expected_page(ids: list[int], anchor: int, direction: str) -> list[int]:
    """The ids GoChat's paging returns for ``anchor`` (``ids`` ascending)."""
    at = bisect.bisect_right(ids, anchor)
    older = ids[max(0, at - PAGE) : at][::-1]
    if direction == "before":
        return older
    start = bisect.bisect_left(ids, anchor)
    if direction == "after":
        return ids[start : start + PAGE]
    half = PAGE // 2
    return [*older[:half], *ids[start : start + half][1:]]


async def verify(
    http: httpx.AsyncClient, path: str, headers: dict[str, str], ids: list[int]
) -> None:
    """Pages of every kind, away from the ends of the fill, hold exactly the expected ids."""
    response = await http.get(path, params={"limit": PAGE}, headers=headers)
    newest = bench.check(response, 200, "newest page")
    got = [int(m["id"]) for m in newest.json()]
    if got != ids[::-1][:PAGE]:
        raise bench.BenchError(f"newest page: {len(got)} messages, not the newest {PAGE} written")
    for direction in ("before", "after", "around"):
        for anchor in random.sample(ids[PAGE:-PAGE], CHECKS):
            params = {"limit": PAGE, "from": anchor, "direction": direction}
            response = await http.get(path, params=params, headers=headers)
            bench.check(response, 200, f"{direction} page")
            got = [int(m["id"]) for m in response.json()]
            if got != expected_page(ids, anchor, direction):
                raise bench.BenchError(f"{direction} {anchor}: unexpected page ({len(got)} ids)")


async def run(args: argparse.Namespace, settings: Settings) -> list[bench.Phase]:
    limits = httpx.Limits(max_connections=args.clients + 2, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30.0) as http:
        writers, guild_id, channel_id = await bench.set_up(http, Path(args.log_file))
        owner = writers[0]
        start_ms = int(time.time() * 1000) + 1000
        ids = fill_ids(args.messages, args.days, start_ms)
        began = time.perf_counter()
        side = await fill(settings, channel_id, ids, [w.id for w in writers])
        took = time.perf_counter() - began
        buckets = bucket_of(ids[-1]) - bucket_of(ids[0]) + 1
        print(
            f"fill: {len(ids):,} messages into the {side} store over {args.days:g} days "
            f"({buckets} daily buckets) in {took:.1f} s ({len(ids) / took:,.0f} messages/s)",
            flush=True,
        )
        edited = await http.patch(
            f"{bench.API}/guild/{guild_id}/channel/{channel_id}",
            json={"topic": f"{len(ids)} messages"},
            headers=owner.headers,
        )
        bench.check(edited, 200, "edit channel")
        path = f"{bench.API}/message/channel/{channel_id}"
        await verify(http, path, owner.headers, ids)
        print(f"checked: newest page and {CHECKS} random pages per direction", flush=True)

        def page(direction: str | None) -> Callable[[int], Awaitable[httpx.Response]]:
            def call(index: int) -> Awaitable[httpx.Response]:
                params: dict[str, str | int] = {"limit": PAGE}
                if direction is not None:
                    params |= {"from": random.choice(ids), "direction": direction}
                reader = writers[index % len(writers)]
                return http.get(path, params=params, headers=reader.headers)

            return call

        kinds = [("newest page", None)] + [
            (f"{d} random", d) for d in ("before", "after", "around")
        ]
        return [
            await bench.measure(
                name,
                clients=args.clients,
                duration_s=args.duration,
                max_requests=args.max_requests,
                call=page(direction),
                server_pid=args.server_pid,
            )
            for name, direction in kinds
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
    parser.add_argument("--messages", type=int, default=100_000, help="messages in the channel")
    parser.add_argument("--days", type=float, default=30.0, help="days the ids are spread over")
    args = parser.parse_args(argv)
    if min(args.clients, args.duration, args.max_requests, args.days) <= 0:
        parser.error("--clients, --duration, --max-requests and --days must be positive")
    if args.messages < 3 * PAGE:
        parser.error(f"--messages must be at least {3 * PAGE}")
    return args


def main(argv: list[str] | None = None, *, environ: Mapping[str, str] | None = None) -> int:
    """Run the scenario; the stores come from ``environ``'s settings (the server's)."""
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        bench.require_loopback(args.url)
        settings = load_settings(environ=os.environ if environ is None else environ)
        phases = asyncio.run(run(args, settings))
    except (bench.BenchError, httpx.HTTPError) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return 1
    print(bench.table(phases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
