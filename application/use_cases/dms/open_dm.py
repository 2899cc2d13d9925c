import msgspec

from application.errors import NotFound
from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.services.present import channel_dto
from application.wire.dto import ChannelDTO
from domain.channels import Channel, ChannelType
from domain.errors import ValidationError
from domain.friends import ensure_not_self


class OpenDm(msgspec.Struct, frozen=True, kw_only=True):
    """``POST /user/me/channels`` or ``GET /user/me/friends/{user_id}``."""

    actor_id: int
    recipient_id: int


class OpenDmHandler:
    """Get or create the 1:1 DM with a user (spec §2.4.2 rows 13 and 24, §13.4).

    The recipient id must be positive (``recipient_id: recipient ID is required.`` for 0,
    ``... must be positive.`` below). An existing DM between the two is returned as is;
    otherwise a type-3 channel named "" is created with both as participants, in one
    transaction so two concurrent calls cannot make two DMs. Unknown recipient → 404
    ``recipient user not found``. No friendship is needed, as in GoChat.

    Deviations: a DM with yourself is refused (400), where GoChat created a channel with one
    participant listed twice; an existing DM is shown with its real ``last_message_id``, where
    GoChat answered 0.
    """

    def __init__(self, *, uow: UnitOfWork, ids: IdGenerator, clock: Clock) -> None:
        self._uow = uow
        self._ids = ids
        self._clock = clock

    async def __call__(self, command: OpenDm) -> ChannelDTO:
        """The DM channel, new or existing; raise on the rules in the class docstring."""
        if command.recipient_id < 1:
            required = command.recipient_id == 0
            problem = "recipient ID is required" if required else "recipient ID must be positive"
            raise ValidationError.of({"recipient_id": problem})
        ensure_not_self(command.actor_id, command.recipient_id)
        async with self._uow.write() as tx:
            if await tx.users.get(command.recipient_id) is None:
                raise NotFound("recipient user not found")
            existing_id = await tx.dms.find_between(command.actor_id, command.recipient_id)
            channel = await tx.channels.get(existing_id) if existing_id is not None else None
            if channel is None:
                channel = Channel(
                    id=self._ids.next_id(),
                    type=ChannelType.DM,
                    name="",
                    created_at_ms=self._clock.now_ms(),
                )
                await tx.channels.add(channel)
                await tx.dms.add_participants(channel.id, [command.actor_id, command.recipient_id])
        return channel_dto(channel, participant_id=command.recipient_id)
