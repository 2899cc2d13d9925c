"""Gateway frames and dispatch payloads (spec §7), encoded once per event."""

from enum import IntEnum
from typing import Any

import msgspec

from application.wire.dto import ChannelDTO, ChannelOrderDTO, GuildDTO, MessageDTO, RoleDTO, UserDTO


class Op(IntEnum):
    DISPATCH = 0
    HELLO = 1
    HEARTBEAT = 2
    PRESENCE = 3
    CHANNEL_SUBSCRIPTION = 5
    PRESENCE_SUBSCRIPTION = 6
    RTC = 7


class EventType(IntEnum):
    MESSAGE_CREATE = 100
    MESSAGE_UPDATE = 101
    MESSAGE_DELETE = 102
    GUILD_UPDATE = 104
    CHANNEL_CREATE = 106
    CHANNEL_UPDATE = 107
    CHANNEL_ORDER_UPDATE = 108
    CHANNEL_DELETE = 109
    ROLE_CREATE = 110
    ROLE_UPDATE = 111
    ROLE_DELETE = 112
    MEMBER_ADD = 200
    MEMBER_REMOVE = 202
    MEMBER_ADD_ROLE = 203
    MEMBER_REMOVE_ROLE = 204
    MEMBER_MODERATION = 207
    GUILD_CHANNEL_MESSAGE = 300
    CHANNEL_TYPING = 301
    MENTION = 302
    READ_STATE = 400
    SETTINGS_UPDATE = 401
    FRIEND_REQUEST = 402
    FRIEND_ADDED = 403
    FRIEND_REMOVED = 404
    DM_MESSAGE = 405
    USER_UPDATE = 406


class Frame(msgspec.Struct, omit_defaults=True):
    """The envelope clients receive: ``{"op":..,"d":..,"t":..}`` (``t`` omitted when absent)."""

    op: int
    d: Any
    t: int | None = None


def channel_subject(channel_id: int) -> str:
    return f"channel.{channel_id}"


def guild_subject(guild_id: int) -> str:
    return f"guild.{guild_id}"


def user_subject(user_id: int) -> str:
    return f"user.{user_id}"


_encoder = msgspec.json.Encoder()


def dispatch(event: EventType, payload: msgspec.Struct) -> bytes:
    """Encode a dispatch frame once; the same bytes go to every subscriber."""
    return _encoder.encode(Frame(op=Op.DISPATCH, d=payload, t=event))


class MessageEvent(msgspec.Struct):
    guild_id: int | None
    message: MessageDTO


class MessageDeleteEvent(msgspec.Struct):
    guild_id: int | None
    channel_id: int
    message_id: int


class GuildUpdateEvent(msgspec.Struct):
    guild: GuildDTO


class ChannelEvent(msgspec.Struct):
    guild_id: int
    channel: ChannelDTO


class ChannelOrderEvent(msgspec.Struct):
    guild_id: int
    channels: list[ChannelOrderDTO]


class ChannelDeleteEvent(msgspec.Struct):
    guild_id: int
    channel_type: int
    channel_id: int


class RoleCreateEvent(msgspec.Struct):
    role: RoleDTO


class RoleUpdateEvent(msgspec.Struct):
    guild_id: int
    role: RoleDTO


class RoleDeleteEvent(msgspec.Struct):
    guild_id: int
    role_id: int


class MemberBrief(msgspec.Struct):
    user: UserDTO
    username: str | None
    avatar: int | None
    join_at: str


class MemberAddEvent(msgspec.Struct):
    guild_id: int
    user_id: int
    member: MemberBrief


class MemberRemoveEvent(msgspec.Struct):
    guild_id: int
    user_id: int


class MemberRoleEvent(msgspec.Struct):
    guild_id: int
    role_id: int
    user_id: int


class ModerationEvent(msgspec.Struct, omit_defaults=True):
    guild_id: int
    user_id: int
    actor_id: int
    action: str
    reason: str | None = None


class GuildChannelMessageEvent(msgspec.Struct):
    guild_id: int
    channel_id: int
    message_id: int


class TypingEvent(msgspec.Struct):
    channel_id: int
    user_id: int


class MentionEvent(msgspec.Struct):
    guild_id: int | None
    channel_id: int
    message_id: int
    author_id: int
    type: int


class ReadStateEvent(msgspec.Struct):
    channel_id: int
    message_id: int


class SettingsEvent(msgspec.Struct):
    settings: msgspec.Raw


class UserBrief(msgspec.Struct, omit_defaults=True):
    id: int
    name: str
    discriminator: str
    avatar: int | None = None


class FriendRequestEvent(msgspec.Struct):
    from_: UserBrief = msgspec.field(name="from")


class FriendEvent(msgspec.Struct):
    friend: UserBrief


class DmMessageEvent(msgspec.Struct):
    channel_id: int
    message_id: int
    from_: UserBrief = msgspec.field(name="from")


class UserUpdateEvent(msgspec.Struct):
    user: UserDTO
