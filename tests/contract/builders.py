"""Small entity builders so each contract test states only what it is about."""

from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.invites import Invite, code_for
from domain.members import Member
from domain.roles import Role
from domain.users import User

T0 = 1_700_000_000_000
"""A fixed "now" in Unix milliseconds."""

BIG = 1_300_000_000_000_000_000
"""A snowflake-sized id, to catch 32-bit columns or binds."""


def user(user_id: int, *, discriminator: str | None = None, name: str = "someone") -> User:
    return User(
        id=user_id,
        name=name,
        discriminator=discriminator or f"user{user_id}",
        created_at_ms=T0,
    )


def guild(guild_id: int, *, owner_id: int = 1, name: str = "guild") -> Guild:
    return Guild(id=guild_id, name=name, owner_id=owner_id, created_at_ms=T0)


def text_channel(channel_id: int, guild_id: int, *, position: int = 0) -> Channel:
    return Channel(
        id=channel_id,
        type=ChannelType.GUILD_TEXT,
        name=f"channel-{channel_id}",
        guild_id=guild_id,
        position=position,
        created_at_ms=T0,
    )


def dm_channel(channel_id: int, *, group: bool = False) -> Channel:
    kind = ChannelType.GROUP_DM if group else ChannelType.DM
    return Channel(id=channel_id, type=kind, created_at_ms=T0)


def role(role_id: int, guild_id: int, *, position: int = 0, permissions: int = 0) -> Role:
    return Role(
        id=role_id,
        guild_id=guild_id,
        name=f"role-{role_id}",
        color=0x00FF00,
        permissions=permissions,
        position=position,
    )


def member(guild_id: int, user_id: int, *, role_ids: list[int] | None = None) -> Member:
    return Member(
        guild_id=guild_id, user_id=user_id, joined_at_ms=T0, role_ids=list(role_ids or [])
    )


def invite(
    invite_id: int,
    guild_id: int,
    *,
    created_at_ms: int = T0,
    ttl_ms: int = 3_600_000,
    code: str | None = None,
) -> Invite:
    return Invite(
        id=invite_id,
        code=code or code_for(invite_id),
        guild_id=guild_id,
        author_id=1,
        created_at_ms=created_at_ms,
        expires_at_ms=created_at_ms + ttl_ms,
    )
