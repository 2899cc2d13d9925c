import copy
from dataclasses import dataclass, field, fields

from domain.accounts import Credential, Recovery, RefreshSession, Registration
from domain.channels import Channel
from domain.guilds import Guild
from domain.invites import Invite
from domain.members import Ban, Member
from domain.permissions import Override
from domain.roles import Role
from domain.users import User


@dataclass(slots=True)
class MemoryDatabase:
    """Every relational table as plain dicts, shared by the memory repositories.

    Tables mirror the SQL schema: join tables are keyed by their composite primary key, and
    the unique indexes (discriminators, credential emails, invite codes) are kept as their own
    dicts so uniqueness checks are lookups. Tests may seed tables directly; when they do, they
    must keep those index dicts in step. Rows are stored as private copies: repositories copy
    on the way in and out.
    """

    users: dict[int, User] = field(default_factory=dict)
    discriminators: dict[str, int] = field(default_factory=dict)
    """Discriminator → user id (unique)."""
    credentials: dict[int, Credential] = field(default_factory=dict)
    """User id → credential."""
    credential_emails: dict[str, int] = field(default_factory=dict)
    """Email → user id (unique, compared exactly as stored)."""
    registrations: dict[int, Registration] = field(default_factory=dict)
    recoveries: dict[int, Recovery] = field(default_factory=dict)
    refresh_sessions: dict[str, RefreshSession] = field(default_factory=dict)
    """Jti → session."""
    guilds: dict[int, Guild] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[tuple[int, int], Member] = field(default_factory=dict)
    """(guild id, user id) → member; its ``role_ids`` live in ``member_roles``."""
    member_roles: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    """(guild id, user id) → assigned role ids."""
    role_overrides: dict[tuple[int, int], Override] = field(default_factory=dict)
    """(channel id, role id) → override."""
    user_overrides: dict[tuple[int, int], Override] = field(default_factory=dict)
    """(channel id, user id) → override."""
    invites: dict[int, Invite] = field(default_factory=dict)
    invite_codes: dict[str, int] = field(default_factory=dict)
    """Code → invite id (unique)."""
    bans: dict[tuple[int, int], Ban] = field(default_factory=dict)
    """(guild id, user id) → ban."""
    dm_participants: dict[int, set[int]] = field(default_factory=dict)
    """DM or group DM channel id → participant user ids."""
    friendships: dict[tuple[int, int], int] = field(default_factory=dict)
    """(lower user id, higher user id) → since (ms)."""
    friend_requests: dict[tuple[int, int], None] = field(default_factory=dict)
    """(sender id, recipient id), in the order they were made (dicts keep insertion order)."""
    settings: dict[int, tuple[bytes, int]] = field(default_factory=dict)
    """User id → (document, version)."""

    # The cascades below play the part of the schema's ON DELETE CASCADE foreign keys, so the
    # repositories that delete parents share one definition of what goes with them.

    def cascade_channel(self, channel_id: int) -> None:
        """Remove a channel with its overrides and DM participants."""
        self.channels.pop(channel_id, None)
        self.dm_participants.pop(channel_id, None)
        for table in (self.role_overrides, self.user_overrides):
            for key in [k for k in table if k[0] == channel_id]:
                del table[key]

    def cascade_role(self, role_id: int) -> None:
        """Remove a role with its assignments and channel overrides."""
        self.roles.pop(role_id, None)
        for assigned in self.member_roles.values():
            assigned.discard(role_id)
        for key in [k for k in self.role_overrides if k[1] == role_id]:
            del self.role_overrides[key]

    def cascade_member(self, guild_id: int, user_id: int) -> None:
        """Remove a membership with its role assignments."""
        self.members.pop((guild_id, user_id), None)
        self.member_roles.pop((guild_id, user_id), None)

    def cascade_guild(self, guild_id: int) -> None:
        """Remove a guild and every row that belongs to it."""
        self.guilds.pop(guild_id, None)
        for channel_id in [c.id for c in self.channels.values() if c.guild_id == guild_id]:
            self.cascade_channel(channel_id)
        for role_id in [r.id for r in self.roles.values() if r.guild_id == guild_id]:
            self.cascade_role(role_id)
        for guild, user in [k for k in self.members.keys() | self.member_roles if k[0] == guild_id]:
            self.cascade_member(guild, user)
        for invite in [i for i in self.invites.values() if i.guild_id == guild_id]:
            del self.invites[invite.id]
            self.invite_codes.pop(invite.code, None)
        for key in [k for k in self.bans if k[0] == guild_id]:
            del self.bans[key]

    def snapshot(self) -> "MemoryDatabase":
        """A deep copy: a write's rollback point, or a read's private tables."""
        return copy.deepcopy(self)

    def restore(self, snapshot: "MemoryDatabase") -> None:
        """Put back every table of ``snapshot`` (a rollback), keeping this object's identity."""
        for table in fields(self):
            setattr(self, table.name, getattr(snapshot, table.name))
