"""A 100 000-message channel: every page of its history, both ways, against a real server.

The messages are spread over ten days (ten partitions of 10 000 rows), so paging crosses each
bucket boundary from both sides. The write phase also shows the store holds up under many
concurrent sends (256 in flight). About 25 s against Cassandra 5.0 on a 2-core machine.
"""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from adapters.scylla.message_store import ScyllaMessageStore
from adapters.scylla.session import ScyllaSession
from domain.ids import bucket_of, compose
from domain.messages import HISTORY_CLAMP, Message
from tests.contract.scylla_keyspace import DRIVER_SOCKETS, ScratchKeyspace

pytestmark = [pytest.mark.integration, DRIVER_SOCKETS]

DAY_MS = 86_400_000
FIRST_DAY = 6154
MESSAGES = 100_000
DAYS = 10
IN_FLIGHT = 256
CHANNEL = compose(FIRST_DAY * DAY_MS - 1, 0, 0)


@pytest.fixture
async def session(scratch_keyspace: ScratchKeyspace) -> AsyncIterator[ScyllaSession]:
    async with scratch_keyspace.session() as opened:
        yield opened


def ids() -> list[int]:
    per_day = MESSAGES // DAYS
    spacing_ms = DAY_MS // per_day
    return [
        compose((FIRST_DAY + day) * DAY_MS + step * spacing_ms, 0, step % 7)
        for day in range(DAYS)
        for step in range(per_day)
    ]


async def test_every_page_of_a_100k_message_channel(session: ScyllaSession) -> None:
    store = ScyllaMessageStore(session)
    expected = ids()
    assert len({bucket_of(i) for i in expected}) == DAYS

    started = time.monotonic()
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def send(message_id: int) -> None:
        async with gate:
            await store.add(Message(id=message_id, channel_id=CHANNEL, author_id=1, content="x"))

    async with asyncio.TaskGroup() as group:
        for message_id in expected:
            group.create_task(send(message_id))
    written = time.monotonic()

    backwards: list[int] = []
    anchor = expected[-1]
    while page := await store.before(CHANNEL, anchor, HISTORY_CLAMP):
        backwards += [m.id for m in page]
        anchor = page[-1].id - 1
    read_back = time.monotonic()

    forwards: list[int] = []
    anchor = 0
    while page := await store.after(CHANNEL, anchor, HISTORY_CLAMP):
        forwards += [m.id for m in page]
        anchor = page[-1].id + 1
    read_forth = time.monotonic()

    assert backwards == expected[::-1]
    assert forwards == expected
    print(  # noqa: T201 - the figures are the point of running this with -s
        f"\n{MESSAGES} messages: written in {written - started:.1f}s, "
        f"{MESSAGES // HISTORY_CLAMP} pages back in {read_back - written:.1f}s, "
        f"forth in {read_forth - read_back:.1f}s"
    )
