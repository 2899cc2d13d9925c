"""Row ↔ record translation for the message-side tables, explicit and total.

Rows are read by column name; each store's statements select the columns its mapper reads.

Timestamps travel as Unix milliseconds: reads select ``toUnixTimestamp(column)`` (a bigint), and
writes bind ``timestamp_value(ms)``. The driver reads a bound number as *seconds* and multiplies
it by 1000, so the milliseconds go in as an exact ``Decimal`` of seconds: no float rounding.
"""

from decimal import Decimal

from adapters.scylla.session import Row
from application.ports.attachment_store import Attachment
from application.ports.mention_store import ChannelMention, UserMention
from domain.messages import Message, MessageType

NO_ROLE = 0
"""``channel_mentions.role_id`` of @everyone pings: the column is part of the key, never null."""


def timestamp_value(unix_ms: int | None) -> Decimal | None:
    """A ``timestamp`` bind value for Unix milliseconds (see the module docstring)."""
    return None if unix_ms is None else Decimal(unix_ms).scaleb(-3)


def message_from_row(row: Row) -> Message:
    return Message(
        id=row["id"],
        channel_id=row["channel_id"],
        author_id=row["user_id"],
        content=row["content"] or "",
        type=MessageType(row["type"] or 0),
        attachments=list(row["attachments"] or ()),
        embeds=row["embeds"] or "[]",
        auto_embeds=row["auto_embeds"] or "[]",
        flags=row["flags"] or 0,
        edited_at_ms=row["edited_at"],
    )


def message_values(message: Message, bucket: int) -> tuple[object, ...]:
    """Values for ``INSERT_MESSAGE``; an empty attachment list is stored as null, as CQL does."""
    return (
        message.channel_id,
        bucket,
        message.id,
        message.author_id,
        message.content,
        int(message.type),
        list(message.attachments),
        message.embeds,
        message.auto_embeds,
        message.flags,
        timestamp_value(message.edited_at_ms),
    )


def attachment_from_row(row: Row) -> Attachment:
    return Attachment(
        id=row["id"],
        channel_id=row["channel_id"],
        author_id=row["author_id"],
        filename=row["name"],
        size=row["filesize"],
        content_type=row["content_type"],
        width=row["width"],
        height=row["height"],
        url=row["url"] or "",
        preview_url=row["preview_url"],
        done=bool(row["done"]),
        expires_at_ms=row["expires_at"],
    )


def attachment_values(attachment: Attachment) -> tuple[object, ...]:
    return (
        attachment.channel_id,
        attachment.id,
        attachment.author_id,
        attachment.filename,
        attachment.size,
        attachment.content_type,
        attachment.width,
        attachment.height,
        attachment.url,
        attachment.preview_url,
        attachment.done,
        timestamp_value(attachment.expires_at_ms),
    )


def user_mention_from_row(row: Row) -> UserMention:
    return UserMention(
        user_id=row["user_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        author_id=row["author_id"],
    )


def user_mention_values(mention: UserMention) -> tuple[object, ...]:
    return (mention.user_id, mention.channel_id, mention.message_id, mention.author_id)


def channel_mention_from_row(row: Row) -> ChannelMention:
    role_id = row["role_id"]
    return ChannelMention(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        author_id=row["author_id"],
        role_id=None if role_id == NO_ROLE else role_id,
        type=row["type"],
    )


def channel_mention_values(mention: ChannelMention) -> tuple[object, ...]:
    return (
        mention.guild_id,
        mention.channel_id,
        mention.message_id,
        mention.author_id,
        NO_ROLE if mention.role_id is None else mention.role_id,
        mention.type,
    )
