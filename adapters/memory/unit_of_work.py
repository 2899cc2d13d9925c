import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from typing_extensions import override

from adapters.memory.account_repository import (
    MemoryCredentialRepository,
    MemoryRecoveryRepository,
    MemoryRegistrationRepository,
)
from adapters.memory.ban_repository import MemoryBanRepository
from adapters.memory.channel_repository import MemoryChannelRepository
from adapters.memory.dm_repository import MemoryDmRepository
from adapters.memory.friend_repository import MemoryFriendRepository
from adapters.memory.guild_repository import MemoryGuildRepository
from adapters.memory.invite_repository import MemoryInviteRepository
from adapters.memory.member_repository import MemoryMemberRepository
from adapters.memory.override_repository import MemoryOverrideRepository
from adapters.memory.refresh_session_repository import MemoryRefreshSessionRepository
from adapters.memory.role_repository import MemoryRoleRepository
from adapters.memory.settings_repository import MemorySettingsRepository
from adapters.memory.state import MemoryDatabase
from adapters.memory.user_repository import MemoryUserRepository
from application.ports.unit_of_work import Transaction, UnitOfWork


class MemoryTransaction(Transaction):
    """Every memory repository, bound to one database."""

    def __init__(self, db: MemoryDatabase) -> None:
        self.users = MemoryUserRepository(db)
        self.credentials = MemoryCredentialRepository(db)
        self.registrations = MemoryRegistrationRepository(db)
        self.recoveries = MemoryRecoveryRepository(db)
        self.refresh_sessions = MemoryRefreshSessionRepository(db)
        self.guilds = MemoryGuildRepository(db)
        self.channels = MemoryChannelRepository(db)
        self.roles = MemoryRoleRepository(db)
        self.members = MemoryMemberRepository(db)
        self.overrides = MemoryOverrideRepository(db)
        self.invites = MemoryInviteRepository(db)
        self.bans = MemoryBanRepository(db)
        self.dms = MemoryDmRepository(db)
        self.friends = MemoryFriendRepository(db)
        self.settings = MemorySettingsRepository(db)


class MemoryUnitOfWork(UnitOfWork):
    """Transactions over a ``MemoryDatabase``: all-or-nothing writes, reads that change nothing.

    ``write()`` holds a lock for its whole block (one writer at a time, like SQLite), takes a
    deep copy of the tables, and changes ``db`` in place; if the block raises, the copy is put
    back, so a failed use case leaves nothing behind. ``read()`` works on a copy of the committed
    tables (the pre-write copy while a write is under way) and drops it, so, as on SQL, a read
    never sees uncommitted changes and anything written through it is discarded. ``db`` keeps
    its identity, but a rollback replaces its tables: look them up afresh rather than holding on
    to one. ``write()`` blocks must not nest: the inner one would wait for the outer forever.
    """

    def __init__(self, db: MemoryDatabase | None = None) -> None:
        self.db = db if db is not None else MemoryDatabase()
        self._tx = MemoryTransaction(self.db)
        self._before_write: MemoryDatabase | None = None
        self._write_lock = asyncio.Lock()

    @override
    @asynccontextmanager
    async def read(self) -> AsyncIterator[Transaction]:
        committed = self._before_write if self._before_write is not None else self.db
        yield MemoryTransaction(committed.snapshot())

    @override
    @asynccontextmanager
    async def write(self) -> AsyncIterator[Transaction]:
        async with self._write_lock:
            self._before_write = self.db.snapshot()
            try:
                yield self._tx
            except BaseException:
                self.db.restore(self._before_write)
                raise
            finally:
                self._before_write = None
