"""Message rules, history paging (spec §2.5) and mentions (spec §13.1)."""

import pytest

from domain.errors import DomainError, ValidationError
from domain.messages import (
    HISTORY_CLAMP,
    Direction,
    HistoryQuery,
    Mentions,
    Message,
    MessageFlag,
    MessageType,
    merge_around,
    parse_mentions,
    plan_history,
    redact,
    validate_content,
    validate_flags,
)


def test_flag_values_are_on_the_wire() -> None:
    assert MessageFlag.SUPPRESS_EMBEDS.value == 4
    assert MessageFlag.BANNED_AUTHOR.value == 8
    assert [int(t) for t in MessageType] == [0, 1, 2]


def test_content_within_2000_runes_passes() -> None:
    validate_content("é" * 2000, has_attachments=False, has_embeds=False)


def test_content_over_2000_runes_fails() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_content("a" * 2001, has_attachments=True, has_embeds=True)
    assert caught.value.message == "content: the length must be no more than 2000."


@pytest.mark.parametrize("content", [None, ""])
def test_blank_content_needs_attachments_or_embeds(content: str | None) -> None:
    validate_content(content, has_attachments=True, has_embeds=False)
    validate_content(content, has_attachments=False, has_embeds=True)
    with pytest.raises(ValidationError) as caught:
        validate_content(content, has_attachments=False, has_embeds=False)
    assert caught.value.message == "content: cannot be blank."


def test_flags_must_not_be_negative() -> None:
    validate_flags(0)
    validate_flags(4)
    with pytest.raises(ValidationError) as caught:
        validate_flags(-1)
    assert caught.value.message == "flags: must be no less than 0."


def test_history_defaults_to_before_the_last_message() -> None:
    query = plan_history(direction=None, from_id=None, limit=None, last_message_id=77)
    assert query == HistoryQuery(direction=Direction.BEFORE, anchor=77, limit=50)


def test_empty_direction_means_before() -> None:
    query = plan_history(direction="", from_id=None, limit=10, last_message_id=77)
    assert query == HistoryQuery(direction=Direction.BEFORE, anchor=77, limit=10)


@pytest.mark.parametrize(("limit", "clamped"), [(1, 1), (50, 50), (51, HISTORY_CLAMP), (100, 50)])
def test_limit_is_clamped_to_fifty(limit: int, clamped: int) -> None:
    query = plan_history(direction="after", from_id=5, limit=limit, last_message_id=77)
    assert query == HistoryQuery(direction=Direction.AFTER, anchor=5, limit=clamped)


@pytest.mark.parametrize("limit", [0, -1, 101])
def test_limit_outside_1_to_100_is_refused(limit: int) -> None:
    with pytest.raises(ValidationError) as caught:
        plan_history(direction=None, from_id=None, limit=limit, last_message_id=77)
    assert caught.value.message == "limit: must be between 1 and 100."


def test_unknown_direction_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        plan_history(direction="sideways", from_id=1, limit=None, last_message_id=77)
    assert caught.value.message == "direction: must be a valid value."


@pytest.mark.parametrize("from_id", [0, -3])
def test_from_must_be_positive(from_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        plan_history(direction="before", from_id=from_id, limit=None, last_message_id=77)
    assert caught.value.message == "from: must be no less than 1."


@pytest.mark.parametrize("direction", ["after", "around"])
def test_after_and_around_need_from(direction: str) -> None:
    with pytest.raises(DomainError) as caught:
        plan_history(direction=direction, from_id=None, limit=None, last_message_id=77)
    assert caught.value.message == f"from parameter required for {direction} direction"
    assert not isinstance(caught.value, ValidationError)


def test_around_keeps_the_anchor() -> None:
    query = plan_history(direction="around", from_id=42, limit=20, last_message_id=77)
    assert query == HistoryQuery(direction=Direction.AROUND, anchor=42, limit=20)


def test_around_is_the_desc_block_then_the_asc_block_without_its_head() -> None:
    def msg(message_id: int) -> Message:
        return Message(id=message_id, channel_id=1, author_id=2)

    before = [msg(5), msg(4), msg(3)]
    after = [msg(5), msg(6), msg(7)]
    assert [m.id for m in merge_around(before, after)] == [5, 4, 3, 6, 7]
    assert merge_around([], []) == []


def test_mentions_come_from_the_text() -> None:
    found = parse_mentions("hi <@12> and <@&34>, <@12> again <@&34> <@56> @everyone")
    assert found == Mentions(users=(12, 56), roles=(34,), everyone=True, here=False)


def test_here_is_a_substring_match() -> None:
    found = parse_mentions("see you there@here")
    assert found == Mentions(users=(), roles=(), everyone=False, here=True)


def test_plain_text_mentions_nobody() -> None:
    assert parse_mentions("<@abc> <@&> @every one") == Mentions(
        users=(), roles=(), everyone=False, here=False
    )


def test_redaction_hides_content_attachments_and_embeds() -> None:
    message = Message(
        id=1,
        channel_id=2,
        author_id=3,
        content="secret",
        type=MessageType.CHAT,
        attachments=[9],
        embeds='[{"title":"x"}]',
        auto_embeds='[{"title":"y"}]',
        flags=MessageFlag.SUPPRESS_EMBEDS,
        edited_at_ms=123,
    )
    redacted = redact(message)
    assert redacted == Message(
        id=1,
        channel_id=2,
        author_id=3,
        content="",
        type=MessageType.CHAT,
        attachments=[],
        embeds="[]",
        auto_embeds="[]",
        flags=MessageFlag.SUPPRESS_EMBEDS | MessageFlag.BANNED_AUTHOR,
        edited_at_ms=123,
    )
    assert redacted.flags == 12
    assert message.content == "secret"
