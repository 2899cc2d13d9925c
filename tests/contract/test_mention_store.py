from application.ports.mention_store import ChannelMention, MentionStore, UserMention
from domain.messages import MentionType
from tests.contract.builders import BIG


def user_mention(message_id: int, user_id: int = 1, channel_id: int = 10) -> UserMention:
    return UserMention(user_id=user_id, channel_id=channel_id, message_id=message_id, author_id=9)


def channel_mention(
    message_id: int, role_id: int | None = None, channel_id: int = 10
) -> ChannelMention:
    kind = MentionType.EVERYONE if role_id is None else MentionType.ROLE
    return ChannelMention(
        guild_id=BIG,
        channel_id=channel_id,
        message_id=message_id,
        author_id=9,
        role_id=role_id,
        type=int(kind),
    )


async def test_user_mentions_after_the_read_state_oldest_first(mentions: MentionStore) -> None:
    await mentions.add_user_mentions([user_mention(3), user_mention(1), user_mention(BIG)])
    await mentions.add_user_mentions([user_mention(2, user_id=2), user_mention(2, channel_id=11)])
    await mentions.add_user_mentions([])
    assert await mentions.user_mentions_after(1, 10, 1) == [user_mention(3), user_mention(BIG)]
    assert await mentions.user_mentions_after(1, 10, BIG) == []
    assert await mentions.user_mentions_after(2, 10, 0) == [user_mention(2, user_id=2)]


async def test_user_mention_stored_twice_is_kept_once(mentions: MentionStore) -> None:
    await mentions.add_user_mentions([user_mention(1), user_mention(1)])
    await mentions.add_user_mentions([user_mention(1)])
    assert await mentions.user_mentions_after(1, 10, 0) == [user_mention(1)]


async def test_channel_mentions_after_oldest_first(mentions: MentionStore) -> None:
    await mentions.add_channel_mentions(
        [channel_mention(5, role_id=BIG), channel_mention(2), channel_mention(8, channel_id=11)]
    )
    await mentions.add_channel_mentions([])
    assert await mentions.channel_mentions_after(10, 1) == [
        channel_mention(2),
        channel_mention(5, role_id=BIG),
    ]
    assert await mentions.channel_mentions_after(10, 2) == [channel_mention(5, role_id=BIG)]
    assert await mentions.channel_mentions_after(12, 0) == []


async def test_one_message_may_mention_several_roles(mentions: MentionStore) -> None:
    await mentions.add_channel_mentions([channel_mention(5, role_id=1), channel_mention(5, 2)])
    await mentions.add_channel_mentions([channel_mention(5, role_id=1)])
    found = await mentions.channel_mentions_after(10, 0)
    assert sorted(m.role_id or 0 for m in found) == [1, 2]
