import re
from collections.abc import Iterable, Sequence

import msgspec

from application.errors import Invalid
from application.ports.mention_store import ChannelMention, MentionStore, UserMention
from application.ports.read_state_store import ReadStateStore
from application.ports.unit_of_work import UnitOfWork
from application.services.present import guild_dto
from application.wire.settings import (
    ChannelMentionDTO,
    EmojiRefDTO,
    UserMentionDTO,
    UserSettingsData,
    UserSettingsResponse,
)
from domain.channels import Channel
from domain.ids import MAX_ID

_SIGNED_DIGITS = re.compile(r"[+-]?[0-9]+")


class GetSettings(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /user/me/settings?version=N``: ``version`` is the one the client already has."""

    actor_id: int
    version: int = 0


def parse_version(text: str | None) -> int:
    """The ``version`` query value: absent or empty is 0; else a decimal int64 or 400."""
    if not text:
        return 0
    if not _SIGNED_DIGITS.fullmatch(text) or not -MAX_ID - 1 <= int(text) <= MAX_ID:
        raise Invalid("unable to parse version")
    return int(text)


class PendingMentions(msgspec.Struct, frozen=True, kw_only=True):
    """Unread mentions per channel id (only channels that have some)."""

    users: dict[int, list[UserMentionDTO]]
    channels: dict[int, list[ChannelMentionDTO]]


class GetSettingsHandler:
    """Everything a client needs at start-up around the settings document (spec §13.3).

    The stored document and its version come back only when the stored version is newer than
    the one the client names; otherwise (or when nothing was ever saved) ``version`` is 0 and
    ``settings`` holds zero values, as GoChat answers (never 204). Alongside: the configured
    ``content_hosts`` (null when none), every read state, the newest message id of each
    message-holding channel of each of the caller's guilds (channels never written to are
    left out), the guilds themselves (``permissions`` 0) and an empty emoji list per guild
    (emojis are a later issue). ``mentions``/``channel_mentions`` list, for guild channels
    whose newest message is past the caller's read state (or past the channel's creation
    when never read), the user and role/everyone/here mentions after that point; they are
    omitted when empty.

    As in GoChat, mentions are not filtered by channel visibility (§17 item 14): they reveal
    only ids of messages that mention the caller or everyone.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        read_states: ReadStateStore,
        mentions: MentionStore,
        content_hosts: Sequence[str],
    ) -> None:
        self._uow = uow
        self._read_states = read_states
        self._mentions = mentions
        self._content_hosts = list(content_hosts)

    async def __call__(self, query: GetSettings) -> UserSettingsResponse:
        """The bootstrap response; never fails for a known caller."""
        async with self._uow.read() as tx:
            stored = await tx.settings.get(query.actor_id)
            guilds = await tx.guilds.list_for_user(query.actor_id)
            channels = {guild.id: await tx.channels.list_by_guild(guild.id) for guild in guilds}
        version, settings = 0, UserSettingsData()
        if stored is not None and stored[1] > query.version:
            settings = msgspec.json.decode(stored[0], type=UserSettingsData)
            version = stored[1]
        read_states = await self._read_states.get_all(query.actor_id)
        pending = await pending_mentions(
            self._mentions, query.actor_id, channels.values(), read_states
        )
        return UserSettingsResponse(
            version=version,
            settings=settings,
            content_hosts=list(self._content_hosts) or None,
            read_states=read_states,
            guilds_last_messages={
                guild_id: {c.id: c.last_message_id for c in _with_messages(listed)}
                for guild_id, listed in channels.items()
            },
            guilds=[guild_dto(guild, permissions=0) for guild in guilds],
            guild_emojis={guild.id: list[EmojiRefDTO]() for guild in guilds},
            mentions=pending.users or msgspec.UNSET,
            channel_mentions=pending.channels or msgspec.UNSET,
        )


async def pending_mentions(
    store: MentionStore,
    user_id: int,
    guild_channels: Iterable[list[Channel]],
    read_states: dict[int, int],
) -> PendingMentions:
    """Mentions after the read point of every guild channel with unread messages."""
    pending = PendingMentions(users={}, channels={})
    for listed in guild_channels:
        for channel in _with_messages(listed):
            seen = read_states.get(channel.id, channel.id)
            if channel.last_message_id <= seen:
                continue
            if users := await store.user_mentions_after(user_id, channel.id, seen):
                pending.users[channel.id] = [_user_mention(m) for m in users]
            if roles := await store.channel_mentions_after(channel.id, seen):
                pending.channels[channel.id] = [_channel_mention(m) for m in roles]
    return pending


def _user_mention(mention: UserMention) -> UserMentionDTO:
    return UserMentionDTO(
        user_id=mention.user_id,
        channel_id=mention.channel_id,
        message_id=mention.message_id,
        author_id=mention.author_id,
    )


def _channel_mention(mention: ChannelMention) -> ChannelMentionDTO:
    return ChannelMentionDTO(
        guild_id=mention.guild_id,
        channel_id=mention.channel_id,
        message_id=mention.message_id,
        author_id=mention.author_id,
        role_id=mention.role_id,
        type=mention.type,
    )


def _with_messages(channels: Iterable[Channel]) -> list[Channel]:
    """Channels that hold messages and have received at least one."""
    return [c for c in channels if c.holds_messages and c.last_message_id > 0]
