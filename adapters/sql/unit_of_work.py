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
from adapters.sql.refresh_session_repository import SqlRefreshSessionRepository
from adapters.sql.role_repository import SqlRoleRepository
from adapters.sql.settings_repository import SqlSettingsRepository
from adapters.sql.user_repository import SqlUserRepository
from application.ports.unit_of_work import Transaction, UnitOfWork


class SqlTransaction(Transaction):
    """Every relational repository, bound to one connection and so to one transaction."""

    def __init__(self, connection: AsyncConnection, *, writable: bool) -> None:
        self.users = SqlUserRepository(connection)
        self.credentials = SqlCredentialRepository(connection)
        self.registrations = SqlRegistrationRepository(connection)
        self.recoveries = SqlRecoveryRepository(connection)
        self.refresh_sessions = SqlRefreshSessionRepository(connection)
        self.guilds = SqlGuildRepository(connection)
        self.channels = SqlChannelRepository(connection)
        self.roles = SqlRoleRepository(connection)
        self.members = SqlMemberRepository(connection)
        self.overrides = SqlOverrideRepository(connection)
        self.invites = SqlInviteRepository(connection, writable=writable)
        self.bans = SqlBanRepository(connection)
        self.dms = SqlDmRepository(connection)
        self.friends = SqlFriendRepository(connection)
        self.settings = SqlSettingsRepository(connection)


class SqlUnitOfWork(UnitOfWork):
    def __init__(self, database: Database) -> None:
        self._database = database

    @override
    @asynccontextmanager
    async def read(self) -> AsyncIterator[Transaction]:
        async with self._database.read() as connection:
            yield SqlTransaction(connection, writable=False)

    @override
    @asynccontextmanager
    async def write(self) -> AsyncIterator[Transaction]:
        async with self._database.write() as connection:
            yield SqlTransaction(connection, writable=True)
