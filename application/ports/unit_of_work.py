from abc import abstractmethod
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from application.ports.account_repository import (
    CredentialRepository,
    RecoveryRepository,
    RegistrationRepository,
)
from application.ports.ban_repository import BanRepository
from application.ports.channel_repository import ChannelRepository
from application.ports.dm_repository import DmRepository
from application.ports.friend_repository import FriendRepository
from application.ports.guild_repository import GuildRepository
from application.ports.invite_repository import InviteRepository
from application.ports.member_repository import MemberRepository
from application.ports.override_repository import OverrideRepository
from application.ports.refresh_session_repository import RefreshSessionRepository
from application.ports.role_repository import RoleRepository
from application.ports.settings_repository import SettingsRepository
from application.ports.user_repository import UserRepository


class Transaction(Protocol):
    """The relational repositories, all bound to one atomic transaction."""

    users: UserRepository
    credentials: CredentialRepository
    registrations: RegistrationRepository
    recoveries: RecoveryRepository
    refresh_sessions: RefreshSessionRepository
    guilds: GuildRepository
    channels: ChannelRepository
    roles: RoleRepository
    members: MemberRepository
    overrides: OverrideRepository
    invites: InviteRepository
    bans: BanRepository
    dms: DmRepository
    friends: FriendRepository
    settings: SettingsRepository


class UnitOfWork(Protocol):
    """Opens transactions on the relational store.

    ``write()`` commits when its block ends normally and rolls back when it raises, so a failed
    use case leaves nothing behind. ``read()`` never commits. Events are published by the use
    case after the ``write()`` block, i.e. after commit.
    """

    @abstractmethod
    def read(self) -> AbstractAsyncContextManager[Transaction]:
        """A transaction for reads: it never commits, so any write made through it is discarded."""

    @abstractmethod
    def write(self) -> AbstractAsyncContextManager[Transaction]:
        """A transaction that commits when the block ends normally and rolls back if it raises."""
