import msgspec

from application.errors import NotFound
from application.ports.attachment_store import AttachmentStore
from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.id_generator import IdGenerator
from application.ports.mention_store import MentionStore
from application.ports.message_store import MessageStore
from application.ports.read_state_store import ReadStateStore
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.services.present import user_brief
from application.use_cases.messages.attachments import validated_attachments
from application.use_cases.messages.gate import SEND_REFUSED, ChannelGate, open_channel
from application.use_cases.messages.mentions import (
    mention_frames,
    record_mentions,
    resolve_mentions,
)
from application.use_cases.messages.view import attachment_dto, author_dto, message_dto
from application.wire.dto import MessageDTO
from application.wire.embeds import Embed, encode_embeds, validate_embeds
from application.wire.events import (
    DmMessageEvent,
    EventType,
    GuildChannelMessageEvent,
    MessageEvent,
    channel_subject,
    guild_subject,
    user_subject,
)
from domain.channels import ChannelType
from domain.messages import Message, validate_content
from domain.permissions import Permission
from domain.users import User


class SendMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A new message; ``attachment_ids`` are placeholders the author already uploaded."""

    actor_id: int
    channel_id: int
    content: str = ""
    attachment_ids: list[int] = msgspec.field(default_factory=list)
    embeds: list[Embed] = msgspec.field(default_factory=list)


class SendMessageHandler:
    """Post a message (spec §13.1): stored before the reply, then announced.

    Content ≤ 2000 characters, required unless attachments or embeds come along; ≤ 10 valid
    embeds; attachments unique, finished, the author's, in this channel. Guild channels need
    SendMessages (and AttachFiles with attachments). Then: store (type 0, flags 0), set the
    channel's last message and the author's read state, and publish 100 on the channel, 300
    on the guild, 405 to the other side of a 1:1 DM, and the mention frames (``mentions``).

    Deviations: GoChat let anyone post in DMs, group DMs and threads (§17 item 17); here DMs
    need participation and threads their parent's permissions. Role, ``@everyone`` and
    ``@here`` mentions need MentionRoles. The body's ``mentions`` list is ignored, as in
    GoChat (mentions come from the text). Guild subscribers still get 300 and 302 for
    channels they cannot see (§17 item 14): filtering belongs to the gateway.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        messages: MessageStore,
        read_states: ReadStateStore,
        attachments: AttachmentStore,
        mentions: MentionStore,
        events: EventPublisher,
        ids: IdGenerator,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._messages = messages
        self._read_states = read_states
        self._attachments = attachments
        self._mentions = mentions
        self._events = events
        self._ids = ids
        self._clock = clock

    async def __call__(self, command: SendMessage) -> MessageDTO:
        """The stored message; raise ``Invalid``, ``NotFound`` or ``Forbidden``."""
        content, wanted = command.content, command.attachment_ids
        validate_content(content, has_attachments=bool(wanted), has_embeds=bool(command.embeds))
        validate_embeds(command.embeds)
        needed = [Permission.SEND_MESSAGES] + ([Permission.ATTACH_FILES] if wanted else [])
        now = self._clock.now_ms()
        async with self._uow.read() as tx:
            gate = await open_channel(
                tx, command.channel_id, command.actor_id, refusal=SEND_REFUSED
            )
            gate.require(*needed)
            files = await validated_attachments(
                self._attachments, gate.channel.id, command.actor_id, wanted, now
            )
            author = await tx.users.get(command.actor_id)
            if author is None:
                raise NotFound("unable to get user")
            targets = await resolve_mentions(tx, gate, content)
        message = Message(
            id=self._ids.next_id(),
            channel_id=gate.channel.id,
            author_id=author.id,
            content=content,
            attachments=[f.id for f in files],
            embeds=encode_embeds(command.embeds),
        )
        await self._store(message)
        await self._read_states.set(author.id, message.channel_id, message.id)
        await record_mentions(self._mentions, targets, gate, message.id)
        shown = message_dto(
            message,
            author_dto(author, None, author.id, with_discriminator=True),
            [attachment_dto(f) for f in files],
        )
        outbox = Outbox()
        self._announce(outbox, gate, author, shown)
        mention_frames(outbox, targets, gate, message.id)
        await outbox.flush(self._events)
        return shown

    async def _store(self, message: Message) -> None:
        """Durable before the reply; a message whose channel could not be updated is removed."""
        await self._messages.add(message)
        try:
            async with self._uow.write() as tx:
                await tx.channels.set_last_message([message.channel_id], message.id)
        except BaseException:
            await self._messages.delete(message.channel_id, message.id)
            raise

    @staticmethod
    def _announce(outbox: Outbox, gate: ChannelGate, author: User, shown: MessageDTO) -> None:
        channel, guild_id = gate.channel, gate.guild_id
        outbox.add(
            channel_subject(channel.id),
            EventType.MESSAGE_CREATE,
            MessageEvent(guild_id=guild_id, message=shown),
        )
        if guild_id is not None:
            outbox.add(
                guild_subject(guild_id),
                EventType.GUILD_CHANNEL_MESSAGE,
                GuildChannelMessageEvent(
                    guild_id=guild_id, channel_id=channel.id, message_id=shown.id
                ),
            )
        if channel.type is ChannelType.DM:
            for other in (p for p in gate.participants if p != author.id):
                outbox.add(
                    user_subject(other),
                    EventType.DM_MESSAGE,
                    DmMessageEvent(
                        channel_id=channel.id, message_id=shown.id, from_=user_brief(author)
                    ),
                )
