"""Stored message → wire ``Message``: authors, attachments and merged embeds.

GoChat shows a message's author in two forms: with the discriminator where the author is the
caller (send, edit) and without it in history (spec §17 item 28). In guilds the member nickname
replaces the user's name; an author whose user row is gone reads as "Unknown User".
"""

from collections.abc import Mapping

import msgspec

from application.ports.attachment_store import Attachment
from application.services.present import unknown_user_dto
from application.wire.dto import AttachmentDTO, MessageDTO, UserDTO
from application.wire.embeds import merge_embeds
from application.wire.timefmt import rfc3339
from domain.members import Member
from domain.messages import Message, MessageFlag
from domain.users import User


def author_dto(
    user: User | None, member: Member | None, author_id: int, *, with_discriminator: bool
) -> UserDTO:
    if user is None:
        return unknown_user_dto(author_id)
    name = member.nickname if member is not None and member.nickname else user.name
    discriminator = user.discriminator if with_discriminator else ""
    return UserDTO(id=user.id, name=name, discriminator=discriminator)


def attachment_dto(attachment: Attachment) -> AttachmentDTO:
    return AttachmentDTO(
        content_type=attachment.content_type,
        filename=attachment.filename,
        height=attachment.height,
        width=attachment.width,
        url=attachment.url,
        preview_url=attachment.preview_url,
        size=attachment.size,
    )


def attachments_of(message: Message, found: Mapping[int, Attachment]) -> list[AttachmentDTO]:
    """The message's attachments in stored order; ones no longer in the store are skipped."""
    return [attachment_dto(found[i]) for i in message.attachments if i in found]


def shown_embeds(message: Message) -> list[msgspec.Raw]:
    """Manual embeds, then generated ones unless the author suppressed them (flag 4)."""
    suppress = bool(message.flags & MessageFlag.SUPPRESS_EMBEDS)
    return merge_embeds(message.embeds, message.auto_embeds, suppress)


def message_dto(message: Message, author: UserDTO, attachments: list[AttachmentDTO]) -> MessageDTO:
    return MessageDTO(
        id=message.id,
        channel_id=message.channel_id,
        author=author,
        content=message.content,
        attachments=attachments,
        embeds=shown_embeds(message),
        flags=message.flags,
        type=int(message.type),
        updated_at=None if message.edited_at_ms is None else rfc3339(message.edited_at_ms),
    )
