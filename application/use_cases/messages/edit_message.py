import msgspec

from application.errors import PERMISSIONS_REQUIRED, Forbidden, Invalid, NotFound
from application.ports.attachment_store import AttachmentStore
from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.messages.gate import READ_REFUSED, open_channel
from application.use_cases.messages.view import (
    attachments_of,
    author_dto,
    message_dto,
    shown_embeds,
)
from application.wire.dto import MessageDTO
from application.wire.embeds import Embed, encode_embeds, validate_embeds
from application.wire.events import EventType, MessageEvent, channel_subject
from domain.messages import Message, MessageFlag, validate_content, validate_flags
from domain.permissions import Permission

MESSAGE_NOT_FOUND = "message not found"
UPDATE_REQUIRED = "message content, embeds, or flags update is required"
PAYLOAD_REQUIRED = "message content, attachments, or embeds are required"


class EditMessage(msgspec.Struct, frozen=True, kw_only=True):
    """The fields to replace; ``None`` leaves one as it is."""

    actor_id: int
    channel_id: int
    message_id: int
    content: str | None = None
    embeds: list[Embed] | None = None
    flags: int | None = None


class EditMessageHandler:
    """Change a message's content, manual embeds or flags; only its author may (spec §13.1).

    At least one of the three must be given. Given content replaces the text, given embeds
    replace the manual embeds, given flags replace the flags (4 = hide generated embeds). New
    content or flag 4 drops the generated embeds. The result must still show something (400
    ``message content, attachments, or embeds are required``). Publishes 101 with the author
    as guild members see them (nickname) and ``updated_at`` = now.

    Deviation: the author must still be allowed to view the channel (participant of a DM,
    ViewChannels in a guild channel). GoChat let kicked or banned authors keep rewriting
    their messages, and the 101 frame carried the new text to every live reader.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        messages: MessageStore,
        attachments: AttachmentStore,
        events: EventPublisher,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._messages = messages
        self._attachments = attachments
        self._events = events
        self._clock = clock

    async def __call__(self, command: EditMessage) -> MessageDTO:
        """The edited message; raise ``Invalid``, ``NotFound`` or ``Forbidden``."""
        _validate(command)
        message = await self._messages.get(command.channel_id, command.message_id)
        if message is None:
            raise NotFound(MESSAGE_NOT_FOUND)
        if message.author_id != command.actor_id:
            raise Forbidden(PERMISSIONS_REQUIRED)
        async with self._uow.read() as tx:
            gate = await open_channel(
                tx, message.channel_id, command.actor_id, refusal=READ_REFUSED
            )
            gate.require(Permission.VIEW_CHANNELS)
            author = await tx.users.get(command.actor_id)
            member = None
            if gate.guild_id is not None:
                member = await tx.members.get(gate.guild_id, command.actor_id)
        now = self._clock.now_ms()
        _apply(message, command, now)
        await self._messages.update(message)
        found = {}
        if message.attachments:
            stored = await self._attachments.get_many(message.channel_id, message.attachments, now)
            found = {a.id: a for a in stored}
        shown = message_dto(
            message,
            author_dto(author, member, command.actor_id, with_discriminator=True),
            attachments_of(message, found),
        )
        outbox = Outbox()
        outbox.add(
            channel_subject(message.channel_id),
            EventType.MESSAGE_UPDATE,
            MessageEvent(guild_id=gate.guild_id, message=shown),
        )
        await outbox.flush(self._events)
        return shown


def _validate(command: EditMessage) -> None:
    if command.content is None and command.embeds is None and command.flags is None:
        raise Invalid(UPDATE_REQUIRED)
    if command.content is not None:
        # Only the length rule applies: an edit may empty the text of a message with files.
        validate_content(command.content, has_attachments=True, has_embeds=True)
    if command.embeds is not None:
        validate_embeds(command.embeds)
    if command.flags is not None:
        validate_flags(command.flags)


def _apply(message: Message, command: EditMessage, now_ms: int) -> None:
    """Change ``message`` in place as the command asks; refuse a result that shows nothing."""
    content_changed = command.content is not None and command.content != message.content
    if command.content is not None:
        message.content = command.content
    if command.embeds is not None:
        message.embeds = encode_embeds(command.embeds)
    if command.flags is not None:
        message.flags = command.flags
    if content_changed or message.flags & MessageFlag.SUPPRESS_EMBEDS:
        message.auto_embeds = "[]"
    if not message.content and not message.attachments and not shown_embeds(message):
        raise Invalid(PAYLOAD_REQUIRED)
    message.edited_at_ms = now_ms
