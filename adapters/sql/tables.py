"""The relational schema: GoChat's PostgreSQL tables (spec §6.1), names kept for comparison.

Deliberate deviations:

* Every time is a BIGINT of Unix milliseconds (``created_at``, ``expires_at``...), the unit the
  domain uses, so SQLite and PostgreSQL store the same values and no timezone handling is needed.
* Uniqueness GoChat left to application checks is enforced by the store: one discriminator and
  one login email each. ``friend_requests`` is keyed by (recipient, sender) so several requests
  can be pending, and ``group_dm_channels`` by (channel, user) so a group has several members
  (spec §17). ``friend_requests.seq`` orders pending requests oldest first.
* ``banned`` (Cassandra in GoChat) is a plain table here with numeric ids.
* No foreign keys, as in GoChat (its tables are Citus-distributed): the repositories delete
  dependent rows explicitly, as the port docstrings spell out.

The message-side tables share ``metadata`` but live in ``message_tables``; import that module
too when the whole schema is needed. The initial Alembic revision creates exactly both; a contract
test compares them.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def ms_column(name: str, *, nullable: bool = False) -> Column[int]:
    """A Unix-milliseconds time column."""
    return Column(name, BigInteger, nullable=nullable)


def id_column(name: str, *, primary_key: bool = False, nullable: bool = False) -> Column[int]:
    return Column(name, BigInteger, primary_key=primary_key, nullable=nullable, autoincrement=False)


users = Table(
    "users",
    metadata,
    id_column("id", primary_key=True),
    Column("name", Text, nullable=False),
    Column("avatar", BigInteger),
    Column("blocked", Boolean, nullable=False, server_default=false()),
    Column("upload_limit", BigInteger),
    ms_column("created_at"),
)

discriminators = Table(
    "discriminators",
    metadata,
    id_column("user_id", primary_key=True),
    Column("discriminator", Text, nullable=False, unique=True),
)

authentications = Table(
    "authentications",
    metadata,
    id_column("user_id", primary_key=True),
    Column("email", Text, nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    ms_column("created_at"),
)

registrations = Table(
    "registrations",
    metadata,
    id_column("user_id", primary_key=True),
    Column("email", Text, nullable=False, index=True),
    Column("confirmation_token", Text, nullable=False),
    ms_column("created_at"),
)

recoveries = Table(
    "recoveries",
    metadata,
    id_column("user_id", primary_key=True),
    Column("token", String(64), nullable=False, index=True),
    ms_column("expires_at"),
    ms_column("created_at"),
)

refresh_sessions = Table(
    "refresh_sessions",
    metadata,
    Column("jti", String(64), primary_key=True),
    id_column("user_id"),
    Column("family", String(64), nullable=False),
    ms_column("expires_at_ms"),
    Column("used", Boolean, nullable=False, server_default=false()),
    Column("revoked", Boolean, nullable=False, server_default=false()),
    Index(None, "user_id"),
    Index(None, "family"),
)

user_settings = Table(
    "user_settings",
    metadata,
    id_column("user_id", primary_key=True),
    Column("settings", LargeBinary, nullable=False),
    Column("version", BigInteger, nullable=False, server_default=text("0")),
)

guilds = Table(
    "guilds",
    metadata,
    id_column("id", primary_key=True),
    Column("name", Text, nullable=False),
    id_column("owner_id"),
    Column("icon", BigInteger),
    Column("public", Boolean, nullable=False, server_default=false()),
    Column("permissions", BigInteger, nullable=False),
    ms_column("created_at"),
    Column("system_messages", BigInteger),
)

channels = Table(
    "channels",
    metadata,
    id_column("id", primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Integer, nullable=False),
    Column("parent_id", BigInteger),
    Column("permissions", BigInteger),
    Column("topic", Text),
    Column("private", Boolean, nullable=False, server_default=false()),
    Column("last_message", BigInteger, nullable=False, server_default=text("0")),
    ms_column("created_at"),
    Column("voice_region", Text),
)

guild_channels = Table(
    "guild_channels",
    metadata,
    id_column("channel_id", primary_key=True),
    id_column("guild_id"),
    Column("position", Integer, nullable=False),
    Index(None, "guild_id", "position"),
)

roles = Table(
    "roles",
    metadata,
    id_column("id", primary_key=True),
    id_column("guild_id"),
    Column("name", Text, nullable=False),
    Column("color", Integer, nullable=False),
    Column("permissions", BigInteger, nullable=False),
    Column("position", Integer, nullable=False, server_default=text("0")),
    Index(None, "guild_id", "position", "id"),
)

members = Table(
    "members",
    metadata,
    id_column("guild_id", primary_key=True),
    id_column("user_id", primary_key=True),
    Column("username", Text),
    Column("avatar", BigInteger),
    ms_column("join_at"),
    # GoChat's column; no port reads or writes it yet.
    ms_column("timeout", nullable=True),
    Index(None, "user_id"),
)

user_roles = Table(
    "user_roles",
    metadata,
    id_column("guild_id", primary_key=True),
    id_column("user_id", primary_key=True),
    id_column("role_id", primary_key=True),
    Index(None, "role_id"),
)

channel_roles_permissions = Table(
    "channel_roles_permissions",
    metadata,
    id_column("channel_id", primary_key=True),
    id_column("role_id", primary_key=True),
    Column("accept", BigInteger, nullable=False),
    Column("deny", BigInteger, nullable=False),
    Index(None, "role_id"),
)

channel_user_permissions = Table(
    "channel_user_permissions",
    metadata,
    id_column("channel_id", primary_key=True),
    id_column("user_id", primary_key=True),
    Column("accept", BigInteger, nullable=False),
    Column("deny", BigInteger, nullable=False),
)

guild_invite_codes = Table(
    "guild_invite_codes",
    metadata,
    Column("invite_code", String(8), primary_key=True),
    id_column("invite_id"),
    id_column("guild_id"),
    CheckConstraint("length(invite_code) = 8", name="code_length"),
    Index(None, "guild_id", "invite_id"),
)

guild_invites = Table(
    "guild_invites",
    metadata,
    id_column("guild_id", primary_key=True),
    id_column("invite_id", primary_key=True),
    id_column("author_id"),
    ms_column("created_at"),
    ms_column("expires_at"),
    CheckConstraint("expires_at > created_at", name="expires_after_creation"),
    Index(None, "guild_id", "expires_at"),
)

banned = Table(
    "banned",
    metadata,
    id_column("guild_id", primary_key=True),
    id_column("user_id", primary_key=True),
    Column("reason", Text),
)

dm_channels = Table(
    "dm_channels",
    metadata,
    id_column("user_id"),
    id_column("participant_id"),
    id_column("channel_id"),
    UniqueConstraint("channel_id", "user_id"),
    Index(None, "user_id", "participant_id", "channel_id"),
)

group_dm_channels = Table(
    "group_dm_channels",
    metadata,
    id_column("channel_id", primary_key=True),
    id_column("user_id", primary_key=True),
    Index(None, "user_id"),
)

friends = Table(
    "friends",
    metadata,
    id_column("user_id", primary_key=True),
    id_column("friend_id", primary_key=True),
    ms_column("created_at"),
)

friend_requests = Table(
    "friend_requests",
    metadata,
    id_column("user_id", primary_key=True),  # the recipient
    id_column("friend_id", primary_key=True),  # the sender
    Column("seq", BigInteger, nullable=False),
)
