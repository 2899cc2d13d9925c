"""An in-process read-through cache of what every message request re-reads.

Sending a message or reading history loads the same permission context each time (channel,
guild, the actor's membership and role ids, the guild's roles, the channel's overrides, the
actor's own override) plus authors and their ban status. On SQLite each of those reads costs a
few thread hops through aiosqlite, which made them most of a request's CPU. This cache keeps
the rows those lookups return, keyed by what they were looked up by.

The rules that keep it correct:

- Only ``read()`` transactions use it. A ``write()`` transaction neither reads from it nor fills
  it: it must see its own uncommitted state. A read transaction that writes anyway (its writes
  are discarded) stops using it at that point.
- Every write a repository makes records the keys it may change, with the same cascades the
  repositories implement (a role delete reaches members' role ids and channel overrides, a
  guild delete everything of the guild). The keys are dropped when the transaction commits,
  and only then; a rolled-back transaction changes nothing.
- Race safety comes from a global epoch. A commit that drops keys bumps it once before
  committing and once after, and read transactions opened meanwhile do not use the cache. A
  read transaction remembers the epoch it started at and uses or fills the cache only while
  the epoch is unchanged, so rows read from an older snapshot are never stored over a newer
  commit. A transaction racing such a commit may see rows from just before it (cached) and
  from just after it (read once the epoch moved), as two consecutive transactions would.
- ``set_last_message`` runs on every message, so it does not invalidate: after commit it raises
  a per-channel floor that is merged (max) into the cached channel. A channel's last message
  never moves backwards (see ``ChannelRepository.set_last_message``), so the max is right even
  when a reader stores an older row after the floor was raised. Evicting a floor bumps the epoch
  for the same reason.
- Entries are bounded (least recently used go first), so memory stays flat.

Cached values are immutable rows; repositories map them to fresh entities on every hit, so a
caller mutating an entity cannot change what the next caller gets.

Scope: the cache is enabled for SQLite only, the embedded profile, where one process owns the
database file and every write goes through this process's repositories. It is off for
PostgreSQL, where several processes write, until cross-process invalidation exists (a later
issue). Writes made to the file by anything else (another process, hand-written SQL) are not
seen until the entry is evicted or invalidated by a local write.
"""

from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any, Literal

from typing_extensions import override

from adapters.sql.cache_keys import ALL, Key, T, channel_key

DEFAULT_MAX_ENTRIES = 50_000


class Missing(Enum):
    """What ``TxCache.get`` returns when it has nothing (``None`` is a cacheable answer)."""

    MISSING = "missing"


MISSING: Literal[Missing.MISSING] = Missing.MISSING


class _Entry:
    __slots__ = ("floor", "value")

    def __init__(self, value: object, floor: int = 0) -> None:
        self.value = value
        self.floor = floor


class ReadCache:
    """The shared store: a bounded LRU of entries, the epoch, and the commit protocol."""

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Key[Any], _Entry] = OrderedDict()
        self._max_entries = max_entries
        self._epoch = 0
        self._committing = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def epoch(self) -> int:
        return self._epoch

    def reader(self) -> "TxCache":
        """The view of a read transaction starting now (inert while a commit is in flight)."""
        return _ReadTx(self, None if self._committing else self._epoch)

    def writer(self) -> "WriteTx":
        return WriteTx()

    def lookup(self, key: Key[Any]) -> object:
        entry = self._entries.get(key)
        if entry is None or entry.value is MISSING:
            return MISSING
        self._entries.move_to_end(key)
        return entry.value

    def floor(self, key: Key[Any]) -> int:
        entry = self._entries.get(key)
        return 0 if entry is None else entry.floor

    def store(self, key: Key[Any], value: object) -> None:
        entry = self._entries.get(key)
        if entry is None:
            self._insert(key, _Entry(value))
        else:
            entry.value = value
            self._entries.move_to_end(key)

    @contextmanager
    def committing(self, changes: "WriteTx") -> Iterator[None]:
        """Wrap the COMMIT of a write transaction that recorded ``changes``.

        While a commit that drops keys is in flight, read transactions opening see an inert
        cache and those already open stop using it (the epoch moves). After the commit the
        floors are raised and the keys dropped. A COMMIT that raised may still have happened, so
        everything it could have changed is dropped then too; that is always safe.
        """
        guarded = bool(changes.drops)
        if guarded:
            self._committing += 1
            self._epoch += 1
        try:
            yield
        except BaseException:
            self._drop(changes.drops.union(changes.floors))
            self._epoch += 1
            raise
        else:
            for key, floor in changes.floors.items():
                self._raise_floor(key, floor)
            self._drop(changes.drops)
        finally:
            if guarded:
                self._committing -= 1
                self._epoch += 1

    def _raise_floor(self, key: Key[Any], floor: int) -> None:
        entry = self._entries.get(key)
        if entry is None:
            self._insert(key, _Entry(MISSING, floor))
        elif floor > entry.floor:
            entry.floor = floor

    def _insert(self, key: Key[Any], entry: _Entry) -> None:
        self._entries[key] = entry
        while len(self._entries) > self._max_entries:
            _, evicted = self._entries.popitem(last=False)
            if evicted.floor:
                # A reader may be about to store an older row that only this floor corrects.
                self._epoch += 1

    def _drop(self, drops: set[Key[Any]]) -> None:
        scopes = {(key.kind, key.first) for key in drops if key.second == ALL}
        for key in drops:
            self._entries.pop(key, None)
        if scopes:
            stale = [key for key in self._entries if (key.kind, key.first) in scopes]
            for key in stale:
                del self._entries[key]


class TxCache(ABC):
    """What one transaction may do with the cache."""

    __slots__ = ()

    @abstractmethod
    def get(self, key: Key[T]) -> T | Literal[Missing.MISSING]:
        """The cached value, or ``MISSING``."""

    @abstractmethod
    def put(self, key: Key[T], value: T) -> None:
        """Remember what the transaction read (ignored where that would be unsafe)."""

    @abstractmethod
    def floor(self, key: Key[Any]) -> int:
        """The last-message floor recorded for a channel key (0 when none)."""

    @abstractmethod
    def invalidate(self, keys: Iterable[Key[Any]]) -> None:
        """The transaction changed what these keys cache."""

    @abstractmethod
    def raise_floor(self, channel_ids: Iterable[int], message_id: int) -> None:
        """The transaction set these channels' last message to at least ``message_id``."""

    async def through(self, key: Key[T], load: Callable[[], Awaitable[T]]) -> T:
        """The cached value, or ``load()``'s, which is then cached."""
        value = self.get(key)
        if value is MISSING:
            value = await load()
            self.put(key, value)
        return value


class _NoCache(TxCache):
    """The cache is off (PostgreSQL) or of no use (a write transaction's reads)."""

    __slots__ = ()

    @override
    def get(self, key: Key[T]) -> T | Literal[Missing.MISSING]:
        return MISSING

    @override
    def put(self, key: Key[T], value: T) -> None:
        pass

    @override
    def floor(self, key: Key[Any]) -> int:
        return 0

    @override
    def invalidate(self, keys: Iterable[Key[Any]]) -> None:
        pass

    @override
    def raise_floor(self, channel_ids: Iterable[int], message_id: int) -> None:
        pass


NO_CACHE: TxCache = _NoCache()


class _ReadTx(TxCache):
    """A read transaction: serves and fills the cache while the epoch it began at holds."""

    __slots__ = ("_cache", "_epoch")

    def __init__(self, cache: ReadCache, epoch: int | None) -> None:
        self._cache = cache
        self._epoch = epoch

    def _current(self) -> bool:
        return self._epoch is not None and self._epoch == self._cache.epoch

    @override
    def get(self, key: Key[T]) -> T | Literal[Missing.MISSING]:
        if not self._current():
            return MISSING
        return self._cache.lookup(key)  # type: ignore[return-value]  # a Key[T] holds a T

    @override
    def put(self, key: Key[T], value: T) -> None:
        if self._current():
            self._cache.store(key, value)

    @override
    def floor(self, key: Key[Any]) -> int:
        return self._cache.floor(key)

    @override
    def invalidate(self, keys: Iterable[Key[Any]]) -> None:
        self._epoch = None  # uncommitted state from here on: stay away from the cache

    @override
    def raise_floor(self, channel_ids: Iterable[int], message_id: int) -> None:
        self._epoch = None


class WriteTx(_NoCache):
    """A write transaction: never reads or fills the cache, records what its commit changes."""

    __slots__ = ("drops", "floors")

    def __init__(self) -> None:
        self.drops: set[Key[Any]] = set()
        self.floors: dict[Key[Any], int] = {}

    @override
    def invalidate(self, keys: Iterable[Key[Any]]) -> None:
        self.drops.update(keys)

    @override
    def raise_floor(self, channel_ids: Iterable[int], message_id: int) -> None:
        for channel_id in channel_ids:
            key = channel_key(channel_id)
            self.floors[key] = max(self.floors.get(key, 0), message_id)
