import msgspec

from application.errors import NotAcceptable
from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.id_generator import IdGenerator
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.services.access import authorize, guild_channel
from application.services.outbox import Outbox
from application.services.present import channel_dto
from application.wire.dto import ChannelDTO
from application.wire.events import ChannelEvent, EventType, guild_subject
from domain.channels import CREATABLE_IN_GUILD, Channel, ChannelType, validate_channel_name
from domain.errors import ValidationError
from domain.permissions import Permission


class CreateGuildChannel(msgspec.Struct, frozen=True, kw_only=True):
    """``type`` is the raw number the client sent; categories are created with type 2."""

    actor_id: int
    guild_id: int
    name: str
    type: int = ChannelType.GUILD_TEXT
    parent_id: int | None = None
    private: bool = False
    position: int = 0


class CreateGuildChannelHandler:
    """Create a text, voice, category or thread channel in a guild (spec rows 34 and 35).

    Rule: the body is validated first (400, ozzo text: name 2-100 of ``[A-Za-z0-9_-]``, type
    0/1/2/5, ``parent_id`` ≥ 1), then ManageChannels is required (406 ``permissions required``;
    members only). ``position`` is stored as given. ``parent_id`` is kept for threads only, and
    a thread needs one: a text channel of the same guild (404 ``channel not found`` when it is
    not the guild's, 400 when it is not a text channel or missing), because a thread takes its
    permissions from its parent. Publishes 106 ``{guild_id, channel}`` on ``guild.{id}``; the
    HTTP reply is a bare 201. Deviations: an unknown guild is 404 ``guild not found`` (GoChat:
    500); the event carries the stored ``position`` and ``private`` (GoChat sent 0 and false).
    """

    def __init__(
        self, *, uow: UnitOfWork, ids: IdGenerator, clock: Clock, events: EventPublisher
    ) -> None:
        self._uow = uow
        self._ids = ids
        self._clock = clock
        self._events = events

    async def __call__(self, command: CreateGuildChannel) -> ChannelDTO:
        """The channel as announced in 106 (the HTTP reply has no body)."""
        kind = validate(command)
        outbox = Outbox()
        async with self._uow.write() as tx:
            await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.MANAGE_CHANNELS,
                refusal=NotAcceptable,
            )
            parent_id = None
            if kind is ChannelType.THREAD:
                parent_id = await _thread_parent(tx, command)
            channel = Channel(
                id=self._ids.next_id(),
                type=kind,
                name=command.name,
                guild_id=command.guild_id,
                parent_id=parent_id,
                position=command.position,
                private=command.private,
                created_at_ms=self._clock.now_ms(),
            )
            await tx.channels.add(channel)
        created = channel_dto(channel)
        event = ChannelEvent(guild_id=command.guild_id, channel=created)
        outbox.add(guild_subject(command.guild_id), EventType.CHANNEL_CREATE, event)
        await outbox.flush(self._events)
        return created


def validate(command: CreateGuildChannel) -> ChannelType:
    validate_channel_name(command.name)
    if command.type not in CREATABLE_IN_GUILD:
        raise ValidationError.of({"type": "must be a valid value"})
    if command.parent_id is not None and command.parent_id < 1:
        raise ValidationError.of({"parent_id": "must be no less than 1"})
    kind = ChannelType(command.type)
    if kind is ChannelType.THREAD and command.parent_id is None:
        raise ValidationError.of({"parent_id": "cannot be blank"})
    return kind


async def _thread_parent(tx: Transaction, command: CreateGuildChannel) -> int:
    assert command.parent_id is not None  # noqa: S101 - validate() requires it for threads
    parent = await guild_channel(tx, command.guild_id, command.parent_id)
    if parent.type is not ChannelType.GUILD_TEXT:
        raise ValidationError.of({"parent_id": "must be a text channel"})
    return parent.id
