"""REST response shapes (spec §2.3)."""

import msgspec


class AvatarData(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: int
    url: str
    content_type: str | None = None
    width: int | None = None
    height: int | None = None
    size: int


class UserDTO(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: int
    name: str
    discriminator: str
    avatar: AvatarData | None = None


class IconDTO(msgspec.Struct, kw_only=True):
    id: int
    url: str
    filesize: int
    width: int
    height: int


class GuildDTO(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: int
    name: str
    icon: IconDTO | None = None
    owner: int
    public: bool
    permissions: int


class ChannelDTO(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: int
    type: int
    guild_id: int | None = None
    participant_id: int | None = None
    name: str
    parent_id: int | None = None
    position: int
    topic: str | None
    permissions: int | None = None
    private: bool
    roles: list[int] = msgspec.field(default_factory=list)
    last_message_id: int
    voice_region: str | None = None
    created_at: str


class ChannelOrderDTO(msgspec.Struct):
    id: int
    position: int


class RoleDTO(msgspec.Struct, kw_only=True):
    id: int
    guild_id: int
    name: str
    color: int
    permissions: int
    position: int


class MemberDTO(msgspec.Struct, kw_only=True, omit_defaults=True):
    user: UserDTO
    username: str | None
    avatar: int | None
    join_at: str
    roles: list[int] = msgspec.field(default_factory=list)


class AttachmentDTO(msgspec.Struct, kw_only=True, omit_defaults=True):
    content_type: str | None = None
    filename: str
    height: int | None = None
    width: int | None = None
    url: str
    preview_url: str | None = None
    size: int


class MessageDTO(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: int
    channel_id: int
    author: UserDTO
    content: str
    attachments: list[AttachmentDTO] = msgspec.field(default_factory=list)
    embeds: list[msgspec.Raw] = msgspec.field(default_factory=list)
    flags: int = 0
    type: int
    updated_at: str | None = None


class AttachmentUploadDTO(msgspec.Struct, kw_only=True):
    id: int
    channel_id: int
    file_name: str


class InviteDTO(msgspec.Struct, kw_only=True):
    id: int
    code: str
    guild_id: int
    author_id: int
    created_at: str
    expires_at: str


class InvitePreviewDTO(msgspec.Struct, kw_only=True):
    id: int
    code: str
    guild: GuildDTO
    author_id: int
    created_at: str
    expires_at: str
    members_count: int


class BanDTO(msgspec.Struct, kw_only=True, omit_defaults=True):
    user: UserDTO
    reason: str | None = None


class ChannelRolePermissionDTO(msgspec.Struct, kw_only=True):
    role_id: int
    accept: int
    deny: int


class TokenPairDTO(msgspec.Struct, kw_only=True):
    token: str
    refresh_token: str


class VoiceRegionDTO(msgspec.Struct, kw_only=True):
    id: str
    name: str


class VoiceRegionsDTO(msgspec.Struct, kw_only=True):
    regions: list[VoiceRegionDTO]
