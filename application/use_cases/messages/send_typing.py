import msgspec

from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.messages.gate import SEND_REFUSED, open_channel
from application.wire.events import EventType, TypingEvent, channel_subject
from domain.permissions import Permission


class SendTyping(msgspec.Struct, frozen=True, kw_only=True):
    """The actor is typing in ``channel_id``."""

    actor_id: int
    channel_id: int


class SendTypingHandler:
    """Tell a channel's readers that the actor is typing (301 on ``channel.{c}``).

    Allowed to whoever may send there (SendMessages in guild channels). Nothing is stored.
    Deviation: DMs need participation and threads their parent's permissions (§17 item 17).
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: SendTyping) -> None:
        """Nothing; raise ``NotFound``, ``Invalid`` or ``Forbidden``."""
        async with self._uow.read() as tx:
            gate = await open_channel(
                tx, command.channel_id, command.actor_id, refusal=SEND_REFUSED
            )
        gate.require(Permission.SEND_MESSAGES)
        outbox = Outbox()
        outbox.add(
            channel_subject(gate.channel.id),
            EventType.CHANNEL_TYPING,
            TypingEvent(channel_id=gate.channel.id, user_id=command.actor_id),
        )
        await outbox.flush(self._events)
