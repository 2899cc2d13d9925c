import msgspec

from application.ports.event_publisher import EventPublisher
from application.ports.read_state_store import ReadStateStore
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.messages.gate import READ, READ_REFUSED, open_channel
from application.wire.events import EventType, ReadStateEvent, user_subject


class AckMessage(msgspec.Struct, frozen=True, kw_only=True):
    """Mark ``channel_id`` read up to ``message_id``."""

    actor_id: int
    channel_id: int
    message_id: int


class AckMessageHandler:
    """Mark a channel read up to a message (spec §13.9) and tell the actor's other sessions.

    Needs what reading needs. The read state is overwritten as given (no "only forward"
    check, no check that the message exists), as GoChat does; 400 goes to ``user.{me}``.
    Deviation: DMs need participation and threads their parent's permissions (§17 item 17).
    """

    def __init__(
        self, *, uow: UnitOfWork, read_states: ReadStateStore, events: EventPublisher
    ) -> None:
        self._uow = uow
        self._read_states = read_states
        self._events = events

    async def __call__(self, command: AckMessage) -> None:
        """Nothing; raise ``NotFound``, ``Invalid`` or ``Forbidden``."""
        async with self._uow.read() as tx:
            gate = await open_channel(
                tx, command.channel_id, command.actor_id, refusal=READ_REFUSED
            )
        gate.require(*READ)
        await self._read_states.set(command.actor_id, gate.channel.id, command.message_id)
        outbox = Outbox()
        outbox.add(
            user_subject(command.actor_id),
            EventType.READ_STATE,
            ReadStateEvent(channel_id=gate.channel.id, message_id=command.message_id),
        )
        await outbox.flush(self._events)
