from application.ports.message_store import MessageStore
from domain.messages import Message, MessageFlag, MessageType
from tests.contract.builders import BIG, T0


def message(message_id: int, channel_id: int = 10, **fields: object) -> Message:
    stored = Message(id=message_id, channel_id=channel_id, author_id=7, content=f"m{message_id}")
    for name, value in fields.items():
        setattr(stored, name, value)
    return stored


async def test_added_message_reads_back_whole(messages: MessageStore) -> None:
    stored = Message(
        id=BIG,
        channel_id=BIG + 1,
        author_id=BIG + 2,
        content="hello <@1> 🦊",
        type=MessageType.JOIN,
        attachments=[BIG + 3, 5],
        embeds='[{"title":"t"}]',
        auto_embeds='[{"url":"u"}]',
        flags=int(MessageFlag.SUPPRESS_EMBEDS),
        edited_at_ms=T0,
    )
    await messages.add(stored)
    assert await messages.get(BIG + 1, BIG) == stored
    assert await messages.get(BIG + 2, BIG) is None  # looked up within its channel
    assert await messages.get(BIG + 1, 1) is None


async def test_adding_an_id_again_replaces_it(messages: MessageStore) -> None:
    await messages.add(message(1))
    await messages.add(message(1, content="second"))
    assert await messages.after(10, 0, 10) == [message(1, content="second")]


async def test_update_stores_content_embeds_flags_and_edit_time(messages: MessageStore) -> None:
    await messages.add(message(1, attachments=[3]))
    changed = message(
        1,
        content="edited",
        embeds='[{"a":1}]',
        auto_embeds='[{"b":2}]',
        flags=int(MessageFlag.SUPPRESS_EMBEDS),
        edited_at_ms=T0 + 5,
    )
    await messages.update(changed)
    await messages.update(message(404))  # unknown: nothing happens
    stored = await messages.get(10, 1)
    assert stored is not None
    assert (stored.content, stored.embeds, stored.auto_embeds) == (
        "edited",
        '[{"a":1}]',
        '[{"b":2}]',
    )
    assert (stored.flags, stored.edited_at_ms) == (int(MessageFlag.SUPPRESS_EMBEDS), T0 + 5)
    assert stored.attachments == [3]
    assert await messages.get(10, 404) is None


async def test_delete(messages: MessageStore) -> None:
    await messages.add(message(1))
    await messages.add(message(2))
    await messages.delete(10, 1)
    await messages.delete(10, 404)
    await messages.delete(11, 2)  # another channel's id: nothing happens
    assert [m.id for m in await messages.after(10, 0, 10)] == [2]


async def test_before_is_newest_first_up_to_the_anchor(messages: MessageStore) -> None:
    for message_id in (5, 1, 4, 2, 3):
        await messages.add(message(message_id))
    await messages.add(message(3, channel_id=11))
    assert [m.id for m in await messages.before(10, 4, 2)] == [4, 3]
    assert [m.id for m in await messages.before(10, 100, 3)] == [5, 4, 3]
    assert [m.id for m in await messages.before(10, 2, 50)] == [2, 1]
    assert await messages.before(10, 0, 10) == []
    assert await messages.before(12, 100, 10) == []


async def test_after_is_oldest_first_from_the_anchor(messages: MessageStore) -> None:
    for message_id in (5, 1, 4, 2, 3):
        await messages.add(message(message_id))
    await messages.add(message(3, channel_id=11))
    assert [m.id for m in await messages.after(10, 2, 2)] == [2, 3]
    assert [m.id for m in await messages.after(10, 0, 3)] == [1, 2, 3]
    assert [m.id for m in await messages.after(10, 4, 50)] == [4, 5]
    assert await messages.after(10, 6, 10) == []


async def test_history_pages_over_snowflake_ids(messages: MessageStore) -> None:
    ids = [BIG + step * 4096 for step in range(120)]
    for message_id in ids:
        await messages.add(message(message_id))
    first = await messages.before(10, ids[-1], 50)
    second = await messages.before(10, first[-1].id - 1, 50)
    assert [m.id for m in first + second] == ids[::-1][:100]


async def test_delete_channels(messages: MessageStore) -> None:
    for channel_id in (10, 11, 12):
        await messages.add(message(1, channel_id=channel_id))
    await messages.delete_channels([10, 12, 404])
    await messages.delete_channels([])
    assert await messages.get(10, 1) is None
    assert await messages.get(12, 1) is None
    assert await messages.get(11, 1) is not None
