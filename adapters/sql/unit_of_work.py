from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.account_repository import (
    SqlCredentialRepository,
    SqlRecoveryRepository,
    SqlRegistrationRepository,
)
from adapters.sql.ban_repository import SqlBanRepository
from adapters.sql.channel_repository import SqlChannelRepository
from adapters.sql.dm_repository import SqlDmRepository
from adapters.sql.engine import Database
from adapters.sql.friend_repository import SqlFriendRepository
from adapters.sql.guild_repository import SqlGuildRepository
from adapters.sql.invite_repository import SqlInviteRepository
from adapters.sql.member_repository import SqlMemberRepository
from adapters.sql.override_repository import SqlOverrideRepository
from adapters.sql.read_cache import TxCache
from adapters.sql.refresh_session_repository import SqlRefreshSessionRepository
from adapters.sql.role_repository import SqlRoleRepository
from adapters.sql.settings_repository import SqlSettingsRepository
from adapters.sql.user_repository import SqlUserRepository
from application.ports.unit_of_work import Transaction, UnitOfWork


class SqlTransaction(Transaction):
    """Every relational repository, bound to one connection and so to one transaction.

    The repositories of what a permission check or a history page reads also get the
    transaction's view of the read cache (``adapters.sql.read_cache``).
    """

    def __init__(self, connection: AsyncConnection, cache: TxCache, *, writable: bool) -> None:
        self.users = SqlUserRepository(connection, cache)
        self.credentials = SqlCredentialRepository(connection)
        self.registrations = SqlRegistrationRepository(connection)
        self.recoveries = SqlRecoveryRepository(connection)
        self.refresh_sessions = SqlRefreshSessionRepository(connection)
        self.guilds = SqlGuildRepository(connection, cache)
        self.channels = SqlChannelRepository(connection, cache)
        self.roles = SqlRoleRepository(connection, cache)
        self.members = SqlMemberRepository(connection, cache)
        self.overrides = SqlOverrideRepository(connection, cache)
        self.invites = SqlInviteRepository(connection, writable=writable)
        self.bans = SqlBanRepository(connection, cache)
        self.dms = SqlDmRepository(connection)
        self.friends = SqlFriendRepository(connection)
        self.settings = SqlSettingsRepository(connection)


class SqlUnitOfWork(UnitOfWork):
    def __init__(self, database: Database) -> None:
        self._database = database

    @override
    @asynccontextmanager
    async def read(self) -> AsyncIterator[Transaction]:
        async with self._database.cached_read() as (connection, cache):
            yield SqlTransaction(connection, cache, writable=False)

    @override
    @asynccontextmanager
    async def write(self) -> AsyncIterator[Transaction]:
        async with self._database.cached_write() as (connection, cache):
            yield SqlTransaction(connection, cache, writable=True)
