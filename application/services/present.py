"""Entity → wire DTO mapping, in one place so every route shows the same shape."""

from collections.abc import Iterable

from application.wire.dto import (
    ChannelDTO,
    GuildDTO,
    InviteDTO,
    MemberDTO,
    RoleDTO,
    UserDTO,
)
from application.wire.events import UserBrief
from application.wire.timefmt import rfc3339
from domain.channels import Channel
from domain.guilds import Guild
from domain.invites import Invite
from domain.members import Member
from domain.roles import Role
from domain.users import UNKNOWN_USER_NAME, User


def user_dto(user: User) -> UserDTO:
    return UserDTO(id=user.id, name=user.name, discriminator=user.discriminator)


def unknown_user_dto(user_id: int) -> UserDTO:
    return UserDTO(id=user_id, name=UNKNOWN_USER_NAME, discriminator="")


def user_brief(user: User) -> UserBrief:
    return UserBrief(
        id=user.id, name=user.name, discriminator=user.discriminator, avatar=user.avatar
    )


def guild_dto(guild: Guild, *, permissions: int | None = None) -> GuildDTO:
    """``permissions`` defaults to the guild's everyone mask; listings pass 0 as GoChat does."""
    return GuildDTO(
        id=guild.id,
        name=guild.name,
        owner=guild.owner_id,
        public=guild.public,
        permissions=guild.permissions if permissions is None else permissions,
    )


def channel_dto(
    channel: Channel,
    *,
    roles: Iterable[int] = (),
    parent_id: int | None = None,
    derive_parent: bool = False,
    participant_id: int | None = None,
    default_permissions: int | None = None,
) -> ChannelDTO:
    permissions = channel.permissions
    if permissions is None:
        permissions = default_permissions
    return ChannelDTO(
        id=channel.id,
        type=int(channel.type),
        guild_id=channel.guild_id,
        participant_id=participant_id,
        name=channel.name,
        parent_id=parent_id if derive_parent else channel.parent_id,
        position=channel.position,
        topic=channel.topic,
        permissions=permissions,
        private=channel.private,
        roles=sorted(roles),
        last_message_id=channel.last_message_id,
        voice_region=channel.voice_region,
        created_at=rfc3339(channel.created_at_ms),
    )


def role_dto(role: Role) -> RoleDTO:
    return RoleDTO(
        id=role.id,
        guild_id=role.guild_id,
        name=role.name,
        color=role.color,
        permissions=role.permissions,
        position=role.position,
    )


def member_dto(member: Member, user: User | None) -> MemberDTO:
    shown = user_dto(user) if user else unknown_user_dto(member.user_id)
    return MemberDTO(
        user=shown,
        username=member.nickname,
        avatar=member.avatar,
        join_at=rfc3339(member.joined_at_ms),
        roles=list(member.role_ids),
    )


def invite_dto(invite: Invite) -> InviteDTO:
    return InviteDTO(
        id=invite.id,
        code=invite.code,
        guild_id=invite.guild_id,
        author_id=invite.author_id,
        created_at=rfc3339(invite.created_at_ms),
        expires_at=rfc3339(invite.expires_at_ms),
    )
