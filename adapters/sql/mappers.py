"""Row ↔ entity translation, one explicit function per direction and entity.

Rows are SQLAlchemy Core rows selected with the column names of ``tables``; value dicts are keyed
by column name, ready for ``insert().values(...)`` or ``update().values(...)``.
"""

from typing import Any

from sqlalchemy import Row

from domain.accounts import Credential, Recovery, RefreshSession, Registration
from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.invites import Invite
from domain.members import Ban, Member
from domain.permissions import Override
from domain.roles import Role
from domain.users import User

Values = dict[str, Any]
Record = Row[*tuple[Any, ...]]
"""A result row of any shape; columns are read by name."""


def user_from_row(row: Record) -> User:
    return User(
        id=row.id,
        name=row.name,
        discriminator=row.discriminator,
        avatar=row.avatar,
        blocked=row.blocked,
        upload_limit=row.upload_limit,
        created_at_ms=row.created_at,
    )


def user_values(user: User) -> Values:
    """The ``users`` row; the discriminator lives in ``discriminators``."""
    return {
        "id": user.id,
        "name": user.name,
        "avatar": user.avatar,
        "blocked": user.blocked,
        "upload_limit": user.upload_limit,
        "created_at": user.created_at_ms,
    }


def credential_from_row(row: Record) -> Credential:
    return Credential(user_id=row.user_id, email=row.email, password_hash=row.password_hash)


def registration_from_row(row: Record) -> Registration:
    return Registration(
        user_id=row.user_id,
        email=row.email,
        token=row.confirmation_token,
        created_at_ms=row.created_at,
    )


def registration_values(registration: Registration) -> Values:
    return {
        "user_id": registration.user_id,
        "email": registration.email,
        "confirmation_token": registration.token,
        "created_at": registration.created_at_ms,
    }


def recovery_from_row(row: Record) -> Recovery:
    return Recovery(
        user_id=row.user_id,
        token=row.token,
        created_at_ms=row.created_at,
        expires_at_ms=row.expires_at,
    )


def recovery_values(recovery: Recovery) -> Values:
    return {
        "user_id": recovery.user_id,
        "token": recovery.token,
        "created_at": recovery.created_at_ms,
        "expires_at": recovery.expires_at_ms,
    }


def refresh_session_from_row(row: Record) -> RefreshSession:
    return RefreshSession(
        jti=row.jti,
        user_id=row.user_id,
        family=row.family,
        expires_at_ms=row.expires_at_ms,
        used=row.used,
        revoked=row.revoked,
    )


def refresh_session_values(session: RefreshSession) -> Values:
    return {
        "jti": session.jti,
        "user_id": session.user_id,
        "family": session.family,
        "expires_at_ms": session.expires_at_ms,
        "used": session.used,
        "revoked": session.revoked,
    }


def guild_from_row(row: Record) -> Guild:
    return Guild(
        id=row.id,
        name=row.name,
        owner_id=row.owner_id,
        icon=row.icon,
        public=row.public,
        permissions=row.permissions,
        system_channel_id=row.system_messages,
        created_at_ms=row.created_at,
    )


def guild_values(guild: Guild) -> Values:
    return {
        "id": guild.id,
        "name": guild.name,
        "owner_id": guild.owner_id,
        "icon": guild.icon,
        "public": guild.public,
        "permissions": guild.permissions,
        "system_messages": guild.system_channel_id,
        "created_at": guild.created_at_ms,
    }


def channel_from_row(row: Record) -> Channel:
    """A ``channels`` row outer-joined with its ``guild_channels`` link (null for DMs)."""
    return Channel(
        id=row.id,
        type=ChannelType(row.type),
        name=row.name,
        guild_id=row.guild_id,
        parent_id=row.parent_id,
        position=row.position if row.position is not None else 0,
        topic=row.topic,
        permissions=row.permissions,
        private=row.private,
        last_message_id=row.last_message,
        voice_region=row.voice_region,
        created_at_ms=row.created_at,
    )


def channel_values(channel: Channel) -> Values:
    """The ``channels`` row; guild id and position live in ``guild_channels``."""
    return {
        "id": channel.id,
        "type": int(channel.type),
        "name": channel.name,
        "parent_id": channel.parent_id,
        "topic": channel.topic,
        "permissions": channel.permissions,
        "private": channel.private,
        "last_message": channel.last_message_id,
        "voice_region": channel.voice_region,
        "created_at": channel.created_at_ms,
    }


def role_from_row(row: Record) -> Role:
    return Role(
        id=row.id,
        guild_id=row.guild_id,
        name=row.name,
        color=row.color,
        permissions=row.permissions,
        position=row.position,
    )


def role_values(role: Role) -> Values:
    return {
        "id": role.id,
        "guild_id": role.guild_id,
        "name": role.name,
        "color": role.color,
        "permissions": role.permissions,
        "position": role.position,
    }


def member_from_row(row: Record, role_ids: list[int]) -> Member:
    return Member(
        guild_id=row.guild_id,
        user_id=row.user_id,
        nickname=row.username,
        avatar=row.avatar,
        joined_at_ms=row.join_at,
        role_ids=role_ids,
    )


def member_values(member: Member) -> Values:
    """The ``members`` row; role ids live in ``user_roles``."""
    return {
        "guild_id": member.guild_id,
        "user_id": member.user_id,
        "username": member.nickname,
        "avatar": member.avatar,
        "join_at": member.joined_at_ms,
    }


def override_from_row(row: Record) -> Override:
    return Override(accept=row.accept, deny=row.deny)


def invite_from_row(row: Record) -> Invite:
    """A ``guild_invites`` row joined with its code."""
    return Invite(
        id=row.invite_id,
        code=row.invite_code,
        guild_id=row.guild_id,
        author_id=row.author_id,
        created_at_ms=row.created_at,
        expires_at_ms=row.expires_at,
    )


def ban_from_row(row: Record) -> Ban:
    return Ban(guild_id=row.guild_id, user_id=row.user_id, reason=row.reason)
