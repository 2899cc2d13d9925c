"""Scylla-only history cases: GoChat's daily partitions, the bucket index, query budgets.

The shared contract (``test_message_store``) keeps its ids inside one bucket; these spread
messages over many days with crafted snowflakes and check every page against the memory store,
which has no partitions to get wrong.
"""

from collections.abc import AsyncIterator, Sequence

import pytest
from typing_extensions import override

from adapters.memory.message_store import MemoryMessageStore
from adapters.scylla.message_store import INDEX_CHUNK, ScyllaMessageStore
from adapters.scylla.session import Row, ScyllaConfig, ScyllaSession
from domain.ids import bucket_of, compose
from domain.messages import Message, merge_around
from tests.contract.scylla_keyspace import DRIVER_SOCKETS, ScratchKeyspace

pytestmark = [pytest.mark.integration, DRIVER_SOCKETS]

DAY_MS = 86_400_000
FIRST_DAY = 6154
"""2025-09-17, the bucket of the id in spec §5's example."""
CHANNEL = compose(FIRST_DAY * DAY_MS - 5_000, 0, 0)
OTHER_CHANNEL = CHANNEL + 1


class CountingSession(ScyllaSession):
    """Records each statement run, to hold history to its query budget."""

    def __init__(self, config: ScyllaConfig) -> None:
        super().__init__(config)
        self.statements: list[str] = []

    def start_counting(self) -> None:
        self.statements.clear()

    @override
    async def execute(
        self, cql: str, values: Sequence[object] = (), *, idempotent: bool = True
    ) -> list[Row]:
        self.statements.append(cql)
        return await super().execute(cql, values, idempotent=idempotent)


@pytest.fixture
async def session(scratch_keyspace: ScratchKeyspace) -> AsyncIterator[CountingSession]:
    async with scratch_keyspace.session() as opened:
        counting = CountingSession(opened.config)
        try:
            yield counting
        finally:
            await counting.close()


def at(day: int, ms_into_day: int = 0, *, worker: int = 0, sequence: int = 0) -> int:
    return compose(day * DAY_MS + ms_into_day, worker, sequence)


def message(message_id: int, channel_id: int = CHANNEL) -> Message:
    return Message(id=message_id, channel_id=channel_id, author_id=7, content=f"m{message_id}")


async def fill(ids: Sequence[int], *stores: ScyllaMessageStore | MemoryMessageStore) -> None:
    for message_id in ids:
        for store in stores:
            await store.add(message(message_id))


SPREAD = sorted(
    [
        at(FIRST_DAY),  # first id of a day
        at(FIRST_DAY, 1_000),
        at(FIRST_DAY, DAY_MS - 1, sequence=4095),  # last id of that day
        at(FIRST_DAY + 1),  # ...and the first of the next: adjacent buckets
        at(FIRST_DAY + 1, 7, worker=1023),
        at(FIRST_DAY + 1, 7, worker=1023, sequence=1),
        at(FIRST_DAY + 3, 500),  # day +2 is empty
        *(at(FIRST_DAY + 10, step * 60_000) for step in range(12)),  # a week of silence first
        at(FIRST_DAY + 11, DAY_MS - 1, worker=1023, sequence=4095),
        at(FIRST_DAY + 400),  # more than a year later
    ]
)


def anchors(ids: Sequence[int]) -> list[int]:
    """Every stored id, its neighbours, and the edges of each of their days."""
    points = {0, 1, CHANNEL, ids[0] - 1, ids[-1] + 1, at(FIRST_DAY + 2), at(FIRST_DAY + 500)}
    for message_id in ids:
        day = bucket_of(message_id)
        points |= {message_id - 1, message_id, message_id + 1, at(day), at(day + 1) - 1}
    return sorted(points)


async def test_history_across_buckets_matches_the_memory_store(session: CountingSession) -> None:
    scylla, memory = ScyllaMessageStore(session), MemoryMessageStore()
    await fill(SPREAD, scylla, memory)
    assert len({bucket_of(i) for i in SPREAD}) == 6
    for anchor in anchors(SPREAD):
        for limit in (1, 2, 3, 7, 50):
            assert await scylla.before(CHANNEL, anchor, limit) == await memory.before(
                CHANNEL, anchor, limit
            ), ("before", anchor, limit)
            assert await scylla.after(CHANNEL, anchor, limit) == await memory.after(
                CHANNEL, anchor, limit
            ), ("after", anchor, limit)


async def test_spec_order_across_a_bucket_boundary(session: CountingSession) -> None:
    store = ScyllaMessageStore(session)
    last_of_day, first_of_next = at(FIRST_DAY, DAY_MS - 1, sequence=4095), at(FIRST_DAY + 1)
    assert bucket_of(first_of_next) == bucket_of(last_of_day) + 1
    ids = [at(FIRST_DAY, DAY_MS - 3), last_of_day, first_of_next, at(FIRST_DAY + 1, 2)]
    await fill(ids, store)

    # before: id <= from, inclusive, newest first, continuing into the older bucket.
    assert [m.id for m in await store.before(CHANNEL, first_of_next, 3)] == ids[2::-1]
    # after: id >= from, inclusive, oldest first, continuing into the newer bucket.
    assert [m.id for m in await store.after(CHANNEL, last_of_day, 3)] == ids[1:4]
    # around (spec §2.5): the DESC block with the anchor, then the ASC block without it.
    around = merge_around(
        await store.before(CHANNEL, last_of_day, 2), await store.after(CHANNEL, last_of_day, 2)
    )
    assert [m.id for m in around] == [last_of_day, ids[0], first_of_next]


async def test_messages_are_stored_in_gochat_partitions(session: CountingSession) -> None:
    store = ScyllaMessageStore(session)
    await fill(SPREAD, store)
    for message_id in SPREAD:
        rows = await session.execute(
            "SELECT id FROM messages WHERE channel_id = ? AND bucket = ? AND id = ?",
            (CHANNEL, bucket_of(message_id), message_id),
        )
        assert rows == [{"id": message_id}]


async def test_a_full_first_bucket_costs_one_query(session: CountingSession) -> None:
    store = ScyllaMessageStore(session)
    ids = [at(FIRST_DAY, step) for step in range(60)]
    await fill(ids, store)
    session.start_counting()
    page = await store.before(CHANNEL, ids[-1], 50)
    assert [m.id for m in page] == ids[::-1][:50]
    assert len(session.statements) == 1


async def test_empty_days_cost_nothing(session: CountingSession) -> None:
    store = ScyllaMessageStore(session)
    days = (FIRST_DAY, FIRST_DAY + 300, FIRST_DAY + 600)
    ids = [at(day, step) for day in days for step in range(3)]
    await fill(ids, store)

    session.start_counting()
    assert [m.id for m in await store.before(CHANNEL, at(FIRST_DAY + 900), 50)] == ids[::-1]
    # the anchor's (empty) bucket, one index chunk, then the three buckets with messages;
    # GoChat's day-by-day walk would have made 901 queries
    assert len(session.statements) == 5

    session.start_counting()
    assert [m.id for m in await store.after(CHANNEL, ids[0], 50)] == ids
    assert len(session.statements) == 4


async def test_many_buckets_are_read_through_several_index_chunks(
    session: CountingSession,
) -> None:
    scylla, memory = ScyllaMessageStore(session), MemoryMessageStore()
    ids = [at(FIRST_DAY + 2 * day, day) for day in range(3 * INDEX_CHUNK + 1)]
    await fill(ids, scylla, memory)
    for limit in (1, INDEX_CHUNK, 2 * INDEX_CHUNK + 3, 100):
        assert await scylla.before(CHANNEL, ids[-1], limit) == await memory.before(
            CHANNEL, ids[-1], limit
        )
        assert await scylla.after(CHANNEL, 0, limit) == await memory.after(CHANNEL, 0, limit)


async def test_delete_channels_drops_every_partition(session: CountingSession) -> None:
    store = ScyllaMessageStore(session)
    await fill(SPREAD, store)
    await store.add(message(SPREAD[3], OTHER_CHANNEL))
    await store.delete_channels([CHANNEL])

    for message_id in SPREAD:
        assert await store.get(CHANNEL, message_id) is None
    assert await store.before(CHANNEL, SPREAD[-1], 50) == []
    assert (
        await session.execute("SELECT bucket FROM message_buckets WHERE channel_id = ?", (CHANNEL,))
        == []
    )
    assert await store.get(OTHER_CHANNEL, SPREAD[3]) is not None

    # the store forgot the channel's buckets: writing there again indexes them again
    await store.add(message(SPREAD[-1]))
    assert [m.id for m in await store.before(CHANNEL, SPREAD[-1], 50)] == [SPREAD[-1]]


async def test_another_store_instance_sees_the_history(session: CountingSession) -> None:
    writer, reader = ScyllaMessageStore(session), ScyllaMessageStore(session)
    await fill(SPREAD, writer)
    assert [m.id for m in await reader.after(CHANNEL, 0, 100)] == SPREAD


async def test_deleted_message_leaves_its_day_readable(session: CountingSession) -> None:
    scylla, memory = ScyllaMessageStore(session), MemoryMessageStore()
    await fill(SPREAD, scylla, memory)
    for store in (scylla, memory):
        await store.delete(CHANNEL, SPREAD[6])  # the only message of day +3
        await store.delete(CHANNEL, SPREAD[0])
    for anchor in (SPREAD[6], SPREAD[-1], 0):
        assert await scylla.before(CHANNEL, anchor, 50) == await memory.before(CHANNEL, anchor, 50)
        assert await scylla.after(CHANNEL, anchor, 50) == await memory.after(CHANNEL, anchor, 50)
