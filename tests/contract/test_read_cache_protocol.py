"""``ReadCache`` on its own (the commit protocol, the epoch, the LRU bound) and its set-up."""

from pathlib import Path

import pytest

from adapters.sql.cache_keys import Key, channel_key, every
from adapters.sql.engine import Database
from adapters.sql.read_cache import MISSING, ReadCache
from adapters.sql.unit_of_work import SqlUnitOfWork
from tests.contract.builders import user
from tests.contract.conftest import open_database


def key(first: int, second: int = 0) -> Key[str]:
    return Key("thing", first, second)


class Boom(Exception):
    pass


def test_readers_opened_during_a_commit_neither_read_nor_fill() -> None:
    cache = ReadCache()
    cache.reader().put(key(1), "old")
    before = cache.reader()
    changes = cache.writer()
    changes.invalidate([key(1)])

    with cache.committing(changes):
        during = cache.reader()
        assert during.get(key(1)) is MISSING
        assert before.get(key(1)) is MISSING
        during.put(key(2), "during")
        before.put(key(2), "before")

    assert cache.reader().get(key(1)) is MISSING
    assert cache.reader().get(key(2)) is MISSING
    after = cache.reader()
    after.put(key(1), "new")
    assert cache.reader().get(key(1)) == "new"


def test_a_commit_without_drops_leaves_readers_alone() -> None:
    cache = ReadCache()
    reader = cache.reader()
    changes = cache.writer()
    changes.raise_floor([7], 100)
    with cache.committing(changes):
        pass
    reader.put(key(1), "kept")
    assert reader.get(key(1)) == "kept"
    assert reader.floor(channel_key(7)) == 100


def test_a_commit_that_raised_drops_what_it_may_have_changed() -> None:
    cache = ReadCache()
    reader = cache.reader()
    reader.put(key(1), "one")
    reader.put(channel_key(7), None)
    changes = cache.writer()
    changes.invalidate([key(1)])
    changes.raise_floor([7], 100)

    with pytest.raises(Boom), cache.committing(changes):
        raise Boom

    fresh = cache.reader()
    assert fresh.get(key(1)) is MISSING
    assert fresh.get(channel_key(7)) is MISSING


def test_every_drops_all_keys_of_a_kind_and_first_id() -> None:
    cache = ReadCache()
    reader = cache.reader()
    for first, second in ((1, 1), (1, 2), (2, 1)):
        reader.put(key(first, second), f"{first}.{second}")
    changes = cache.writer()
    changes.invalidate([every("thing", 1)])
    with cache.committing(changes):
        pass
    fresh = cache.reader()
    assert [fresh.get(key(1, 1)), fresh.get(key(1, 2)), fresh.get(key(2, 1))] == [
        MISSING,
        MISSING,
        "2.1",
    ]


def test_least_recently_used_entries_go_first() -> None:
    cache = ReadCache(max_entries=3)
    reader = cache.reader()
    for first in (1, 2, 3):
        reader.put(key(first), str(first))
    assert reader.get(key(1)) == "1"  # now the most recently used
    reader.put(key(4), "4")

    assert len(cache) == 3
    assert reader.get(key(2)) is MISSING
    assert (reader.get(key(1)), reader.get(key(3)), reader.get(key(4))) == ("1", "3", "4")


def test_evicting_a_floor_stops_readers_that_could_undercut_it() -> None:
    """Without its floor, an older row stored by a reader would pass for the newest."""
    cache = ReadCache(max_entries=1)
    reader = cache.reader()
    changes = cache.writer()
    changes.raise_floor([7], 100)
    with cache.committing(changes):
        pass
    reader.put(key(1), "evicts the floor")

    reader.put(channel_key(7), None)
    assert cache.reader().get(channel_key(7)) is MISSING
    assert cache.reader().floor(channel_key(7)) == 0


def test_a_write_transaction_never_reads_or_fills() -> None:
    cache = ReadCache()
    cache.reader().put(key(1), "cached")
    writer = cache.writer()
    assert writer.get(key(1)) is MISSING
    writer.put(key(2), "ignored")
    assert cache.reader().get(key(2)) is MISSING


async def test_the_cache_stays_within_its_bound(tmp_path: Path) -> None:
    database = await open_database("sql", tmp_path)
    bounded = Database(database.engine, cache_entries=5)
    try:
        uow = SqlUnitOfWork(bounded)
        async with uow.write() as tx:
            for user_id in range(1, 41):
                await tx.users.add(user(user_id))
        for user_id in range(1, 41):
            async with uow.read() as tx:
                assert await tx.users.get(user_id) is not None
        assert bounded.read_cache is not None
        assert len(bounded.read_cache) == 5
    finally:
        await bounded.dispose()


async def test_postgres_gets_no_cache() -> None:
    database = Database.from_url("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        assert database.read_cache is None
    finally:
        await database.dispose()
