"""The user settings document and the settings bootstrap response (spec §13.3).

The document is what clients POST and what GET returns under ``settings``. Every key is always
emitted with its zero value except the ones GoChat marks ``omitempty`` (``muted_until``,
``custom_status_text`` and the ``ui_sounds`` flags), which are ``UNSET``/``None`` when absent.
Lists are emitted as ``[]`` rather than ``null`` so clients can iterate them without checks.

Ids inside the document are lenient (GoChat's ``StringInt64``): a JSON number or a numeric
string is accepted and stored as a number. GoChat is lenient only for ``guilds[].guild_id``,
``guilds[].selected_channel`` and ``guild_folders[].guilds``; the other id fields accept both
forms too, a superset that lets clients which stringify ids save their settings.
"""

import re
from datetime import datetime
from typing import Annotated

import msgspec

from application.wire.dto import GuildDTO
from domain.ids import MAX_ID

LenientId = int | str
"""A number or a numeric string; structs turn it into an ``int`` when they are built."""

_NUMERIC = re.compile(r"[+-]?[0-9]+")
_MIN_ID = -MAX_ID - 1


def lenient_int(value: int | str) -> int:
    """The int64 a lenient id stands for; ``ValueError`` when it is not one."""
    number = int(value) if isinstance(value, int) or _NUMERIC.fullmatch(value) else None
    if number is None or not _MIN_ID <= number <= MAX_ID:
        msg = f"invalid int64: {value!r}"
        raise ValueError(msg)
    return number


Timestamp = Annotated[datetime, msgspec.Meta(tz=True)]
"""RFC 3339 with a zone, as Go's ``time.Time`` requires."""


class Notifications(msgspec.Struct, kw_only=True):
    muted: bool = False
    muted_until: Timestamp | msgspec.UnsetType = msgspec.UNSET
    notifications: int = 0
    """0 all messages, 1 mentions only, 2 nothing."""


class Appearance(msgspec.Struct, kw_only=True):
    color_scheme: str = ""
    chat_spacing: float = 0.0
    chat_font_scale: float = 0.0


class GuildFolder(msgspec.Struct, kw_only=True):
    name: str = ""
    color: int = 0
    position: int = 0
    guilds: list[LenientId] = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        self.guilds = [lenient_int(guild) for guild in self.guilds]


class GuildSettings(msgspec.Struct, kw_only=True):
    guild_id: LenientId = 0
    position: int = 0
    selected_channel: LenientId = 0
    notifications: Notifications = msgspec.field(default_factory=Notifications)

    def __post_init__(self) -> None:
        self.guild_id = lenient_int(self.guild_id)
        self.selected_channel = lenient_int(self.selected_channel)


class ChannelSettings(msgspec.Struct, kw_only=True):
    channel_id: LenientId = 0
    notifications: Notifications = msgspec.field(default_factory=Notifications)

    def __post_init__(self) -> None:
        self.channel_id = lenient_int(self.channel_id)


class UserEntrySettings(msgspec.Struct, kw_only=True):
    user_id: LenientId = 0
    notifications: Notifications = msgspec.field(default_factory=Notifications)

    def __post_init__(self) -> None:
        self.user_id = lenient_int(self.user_id)


class Status(msgspec.Struct, kw_only=True):
    status: str = ""
    """``online``, ``idle``, ``dnd``, ``offline`` or empty."""
    custom_status_text: str | msgspec.UnsetType = msgspec.UNSET

    def __post_init__(self) -> None:
        if self.custom_status_text == "":
            self.custom_status_text = msgspec.UNSET  # omitempty, as GoChat writes it


class DmChannelSettings(msgspec.Struct, kw_only=True):
    user_id: LenientId = 0
    channel_id: LenientId = 0
    hidden: bool = False
    hidden_after: int = 0

    def __post_init__(self) -> None:
        self.user_id = lenient_int(self.user_id)
        self.channel_id = lenient_int(self.channel_id)


class Devices(msgspec.Struct, kw_only=True):
    audio_input_device: str = ""
    audio_output_device: str = ""
    video_device: str = ""
    noise_suppression: bool = False
    denoiser_type: str = ""
    echo_cancellation: bool = False
    audio_input_level: float = 0.0
    audio_output_level: float = 0.0
    audio_input_threshold: float = 0.0
    auto_gain_control: bool = False


class UiSounds(msgspec.Struct, kw_only=True, omit_defaults=True):
    mute: bool | None = None
    deafen: bool | None = None
    voice_channel: bool | None = None
    notification: bool | None = None


class UserSettingsData(msgspec.Struct, kw_only=True):
    language: str = ""
    appearance: Appearance = msgspec.field(default_factory=Appearance)
    guild_folders: list[GuildFolder] = msgspec.field(default_factory=list)
    guilds: list[GuildSettings] = msgspec.field(default_factory=list)
    channels: list[ChannelSettings] = msgspec.field(default_factory=list)
    users: list[UserEntrySettings] = msgspec.field(default_factory=list)
    favorite_gifs: list[str] = msgspec.field(default_factory=list)
    forced_presence: str = ""
    status: Status = msgspec.field(default_factory=Status)
    dm_channels: list[DmChannelSettings] = msgspec.field(default_factory=list)
    devices: Devices = msgspec.field(default_factory=Devices)
    ui_sounds: UiSounds = msgspec.field(default_factory=UiSounds)


class UserMentionDTO(msgspec.Struct, kw_only=True):
    """A pending user mention; the PascalCase keys are what GoChat really sends (§17 item 5)."""

    user_id: int = msgspec.field(name="UserId")
    channel_id: int = msgspec.field(name="ChannelId")
    message_id: int = msgspec.field(name="MessageId")
    author_id: int = msgspec.field(name="AuthorId")


class ChannelMentionDTO(msgspec.Struct, kw_only=True):
    """A pending role/everyone/here mention, PascalCase like ``UserMentionDTO``."""

    guild_id: int = msgspec.field(name="GuildId")
    channel_id: int = msgspec.field(name="ChannelId")
    message_id: int = msgspec.field(name="MessageId")
    author_id: int = msgspec.field(name="AuthorId")
    role_id: int | None = msgspec.field(name="RoleId")
    type: int = msgspec.field(name="Type")


class EmojiRefDTO(msgspec.Struct, kw_only=True):
    name: str
    id: str


class UserSettingsResponse(msgspec.Struct, kw_only=True):
    """``GET /user/me/settings``: the document plus what a client needs to start (§13.3)."""

    version: int
    settings: UserSettingsData
    content_hosts: list[str] | None
    read_states: dict[int, int]
    guilds_last_messages: dict[int, dict[int, int]]
    guilds: list[GuildDTO]
    guild_emojis: dict[int, list[EmojiRefDTO]]
    mentions: dict[int, list[UserMentionDTO]] | msgspec.UnsetType = msgspec.UNSET
    channel_mentions: dict[int, list[ChannelMentionDTO]] | msgspec.UnsetType = msgspec.UNSET
