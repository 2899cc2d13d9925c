"""Row ↔ record translation for the message-side tables (``message_tables``)."""

import msgspec

from adapters.sql.mappers import Record, Values
from application.ports.attachment_store import Attachment
from application.ports.mention_store import ChannelMention, UserMention
from domain.messages import Message, MessageType

NO_ROLE = 0
"""``channel_mentions.role_id`` of @everyone/@here mentions (the column is part of the key)."""

_ids_decoder = msgspec.json.Decoder(list[int])
_ids_encoder = msgspec.json.Encoder()


def message_from_row(row: Record) -> Message:
    return Message(
        id=row.id,
        channel_id=row.channel_id,
        author_id=row.user_id,
        content=row.content,
        type=MessageType(row.type),
        attachments=_ids_decoder.decode(row.attachments),
        embeds=row.embeds,
        auto_embeds=row.auto_embeds,
        flags=row.flags,
        edited_at_ms=row.edited_at,
    )


def message_values(message: Message) -> Values:
    return {
        "channel_id": message.channel_id,
        "id": message.id,
        "user_id": message.author_id,
        "content": message.content,
        "type": int(message.type),
        "attachments": _ids_encoder.encode(message.attachments).decode(),
        "embeds": message.embeds,
        "auto_embeds": message.auto_embeds,
        "flags": message.flags,
        "edited_at": message.edited_at_ms,
    }


def attachment_from_row(row: Record) -> Attachment:
    return Attachment(
        id=row.id,
        channel_id=row.channel_id,
        author_id=row.author_id,
        filename=row.name,
        size=row.filesize,
        content_type=row.content_type,
        width=row.width,
        height=row.height,
        url=row.url,
        preview_url=row.preview_url,
        done=row.done,
        expires_at_ms=row.expires_at,
    )


def attachment_values(attachment: Attachment) -> Values:
    return {
        "id": attachment.id,
        "channel_id": attachment.channel_id,
        "author_id": attachment.author_id,
        "name": attachment.filename,
        "filesize": attachment.size,
        "content_type": attachment.content_type,
        "width": attachment.width,
        "height": attachment.height,
        "url": attachment.url,
        "preview_url": attachment.preview_url,
        "done": attachment.done,
        "expires_at": attachment.expires_at_ms,
    }


def user_mention_from_row(row: Record) -> UserMention:
    return UserMention(
        user_id=row.user_id,
        channel_id=row.channel_id,
        message_id=row.message_id,
        author_id=row.author_id,
    )


def user_mention_values(mention: UserMention) -> Values:
    return {
        "user_id": mention.user_id,
        "channel_id": mention.channel_id,
        "message_id": mention.message_id,
        "author_id": mention.author_id,
    }


def channel_mention_from_row(row: Record) -> ChannelMention:
    return ChannelMention(
        guild_id=row.guild_id,
        channel_id=row.channel_id,
        message_id=row.message_id,
        author_id=row.author_id,
        role_id=None if row.role_id == NO_ROLE else row.role_id,
        type=row.type,
    )


def channel_mention_values(mention: ChannelMention) -> Values:
    return {
        "guild_id": mention.guild_id,
        "channel_id": mention.channel_id,
        "message_id": mention.message_id,
        "author_id": mention.author_id,
        "role_id": NO_ROLE if mention.role_id is None else mention.role_id,
        "type": mention.type,
    }
