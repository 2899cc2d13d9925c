from typing_extensions import override

from application.ports.mention_store import ChannelMention, MentionStore, UserMention


class MemoryMentionStore(MentionStore):
    """Mentions indexed the way they are read; reads return the oldest message first.

    Storing the same mention twice keeps one copy, like an upsert on its primary key.
    """

    def __init__(self) -> None:
        self._by_user: dict[tuple[int, int], dict[UserMention, None]] = {}
        self._by_channel: dict[int, dict[ChannelMention, None]] = {}

    @override
    async def add_user_mentions(self, mentions: list[UserMention]) -> None:
        for mention in mentions:
            self._by_user.setdefault((mention.user_id, mention.channel_id), {})[mention] = None

    @override
    async def add_channel_mentions(self, mentions: list[ChannelMention]) -> None:
        for mention in mentions:
            self._by_channel.setdefault(mention.channel_id, {})[mention] = None

    @override
    async def user_mentions_after(
        self, user_id: int, channel_id: int, after_id: int
    ) -> list[UserMention]:
        stored = self._by_user.get((user_id, channel_id), {})
        return sorted((m for m in stored if m.message_id > after_id), key=lambda m: m.message_id)

    @override
    async def channel_mentions_after(self, channel_id: int, after_id: int) -> list[ChannelMention]:
        stored = self._by_channel.get(channel_id, {})
        return sorted((m for m in stored if m.message_id > after_id), key=lambda m: m.message_id)
