import msgspec

from application.errors import PERMISSIONS_REQUIRED, Forbidden, NotFound
from application.ports.event_publisher import EventPublisher
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.messages.edit_message import MESSAGE_NOT_FOUND
from application.use_cases.messages.gate import READ_REFUSED, open_channel
from application.wire.events import EventType, MessageDeleteEvent, channel_subject
from domain.permissions import Permission


class DeleteMessage(msgspec.Struct, frozen=True, kw_only=True):
    """Remove ``message_id`` from ``channel_id``."""

    actor_id: int
    channel_id: int
    message_id: int


class DeleteMessageHandler:
    """Delete a message: its author, or a moderator of that guild channel.

    Publishes 102 ``{guild_id: null, channel_id, message_id}``; GoChat always sends a null
    guild id and clients rely on the channel id, so that is kept. Attachments stay stored.

    Deviation (spec §17 item 22): GoChat let only the author delete. Here a member holding
    ManageMessages in the channel (owners and administrators do) may delete anyone's message
    too, so moderators can remove spam. DMs have no moderators.
    """

    def __init__(self, *, uow: UnitOfWork, messages: MessageStore, events: EventPublisher) -> None:
        self._uow = uow
        self._messages = messages
        self._events = events

    async def __call__(self, command: DeleteMessage) -> None:
        """Nothing; raise ``NotFound`` or ``Forbidden``."""
        message = await self._messages.get(command.channel_id, command.message_id)
        if message is None:
            raise NotFound(MESSAGE_NOT_FOUND)
        if message.author_id != command.actor_id:
            async with self._uow.read() as tx:
                gate = await open_channel(
                    tx, message.channel_id, command.actor_id, refusal=READ_REFUSED
                )
            if gate.guild_id is None or not gate.allows(Permission.MANAGE_MESSAGES):
                raise Forbidden(PERMISSIONS_REQUIRED)
        await self._messages.delete(message.channel_id, message.id)
        outbox = Outbox()
        outbox.add(
            channel_subject(message.channel_id),
            EventType.MESSAGE_DELETE,
            MessageDeleteEvent(guild_id=None, channel_id=message.channel_id, message_id=message.id),
        )
        await outbox.flush(self._events)
