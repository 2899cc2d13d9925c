"""Messages: content rules, flags, mentions and GoChat's history paging."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, IntFlag, StrEnum

from domain.errors import DomainError, ValidationError

CONTENT_MAX = 2000
HISTORY_DEFAULT_LIMIT = 50
HISTORY_MAX_LIMIT = 100
HISTORY_CLAMP = 50
MAX_ATTACHMENTS = 10


class MessageType(IntEnum):
    CHAT = 0
    REPLY = 1
    JOIN = 2


class MessageFlag(IntFlag):
    SUPPRESS_EMBEDS = 1 << 2
    BANNED_AUTHOR = 1 << 3


@dataclass(slots=True, kw_only=True)
class Message:
    """A stored message; ``embeds`` are the author's, ``auto_embeds`` the generated ones (JSON)."""

    id: int
    channel_id: int
    author_id: int
    content: str = ""
    type: MessageType = MessageType.CHAT
    attachments: list[int] = field(default_factory=list)
    embeds: str = "[]"
    auto_embeds: str = "[]"
    flags: int = 0
    edited_at_ms: int | None = None


def validate_content(content: str | None, *, has_attachments: bool, has_embeds: bool) -> None:
    if content is not None and len(content) > CONTENT_MAX:
        raise ValidationError.of({"content": f"the length must be no more than {CONTENT_MAX}"})
    if not content and not has_attachments and not has_embeds:
        raise ValidationError.of({"content": "cannot be blank"})


def validate_flags(flags: int) -> None:
    if flags < 0:
        raise ValidationError.of({"flags": "must be no less than 0"})


class Direction(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    AROUND = "around"


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """A validated history request: where to start, which way, how many."""

    direction: Direction
    anchor: int
    limit: int


def plan_history(
    *, direction: str | None, from_id: int | None, limit: int | None, last_message_id: int
) -> HistoryQuery:
    """Apply spec §2.5: limit 1..100 clamped to 50; ``from`` required except for ``before``."""
    if limit is None:
        limit = HISTORY_DEFAULT_LIMIT
    if not 1 <= limit <= HISTORY_MAX_LIMIT:
        raise ValidationError.of({"limit": f"must be between 1 and {HISTORY_MAX_LIMIT}"})
    try:
        way = Direction(direction or Direction.BEFORE)
    except ValueError:
        raise ValidationError.of({"direction": "must be a valid value"}) from None
    if from_id is not None and from_id <= 0:
        raise ValidationError.of({"from": "must be no less than 1"})
    if from_id is None:
        if way is not Direction.BEFORE:
            msg = f"from parameter required for {way.value} direction"
            raise DomainError(msg)
        from_id = last_message_id
    return HistoryQuery(direction=way, anchor=from_id, limit=min(limit, HISTORY_CLAMP))


def merge_around(before: Sequence[Message], after: Sequence[Message]) -> list[Message]:
    """GoChat's ``around``: the DESC block (with the anchor) then the ASC block without its head."""
    return [*before, *after[1:]]


USER_MENTION = re.compile(r"<@(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


class MentionType(IntEnum):
    USER = 0
    ROLE = 1
    EVERYONE = 2
    HERE = 3


@dataclass(frozen=True, slots=True)
class Mentions:
    users: tuple[int, ...]
    roles: tuple[int, ...]
    everyone: bool
    here: bool


def parse_mentions(content: str) -> Mentions:
    """Mentions come from the text itself (``<@id>``, ``<@&id>``, ``@everyone``, ``@here``)."""
    users = tuple(dict.fromkeys(int(m) for m in USER_MENTION.findall(content)))
    roles = tuple(dict.fromkeys(int(m) for m in ROLE_MENTION.findall(content)))
    return Mentions(
        users=users, roles=roles, everyone="@everyone" in content, here="@here" in content
    )


def redact(message: Message) -> Message:
    """What readers see of a message whose author is banned in the guild."""
    return Message(
        id=message.id,
        channel_id=message.channel_id,
        author_id=message.author_id,
        content="",
        type=message.type,
        attachments=[],
        embeds="[]",
        auto_embeds="[]",
        flags=message.flags | MessageFlag.BANNED_AUTHOR,
        edited_at_ms=message.edited_at_ms,
    )
