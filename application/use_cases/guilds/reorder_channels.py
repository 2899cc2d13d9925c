from collections.abc import Sequence

import msgspec

from application.errors import NotAcceptable
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.outbox import Outbox
from application.wire.dto import ChannelOrderDTO
from application.wire.events import ChannelOrderEvent, EventType, guild_subject
from domain.errors import ValidationError
from domain.permissions import Permission


class ChannelPosition(msgspec.Struct, frozen=True):
    """One entry of the request: a channel id and its new position."""

    id: int
    position: int


class ReorderGuildChannels(msgspec.Struct, frozen=True, kw_only=True):
    """``PATCH /guild/{guild_id}/channel/order``, ids already parsed from their strings."""

    actor_id: int
    guild_id: int
    channels: Sequence[ChannelPosition]


class ReorderGuildChannelsHandler:
    """Move channels to new positions (spec row 36).

    Rule: the list must not be empty (400 ``channels: cannot be blank.``), then ManageChannels
    is required (406 ``permissions required``; members only). Positions are stored as given (no
    normalisation, duplicates allowed); ids of channels outside the guild are ignored, and when
    an id is listed twice the last position wins. Publishes 108 ``{guild_id, channels}`` with
    the channels actually moved, in request order; when none was the guild's, nothing is
    published and the reply is still 200 ``OK``, as in GoChat. Deviation: an unknown guild is
    404 ``guild not found`` (GoChat: 500).
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: ReorderGuildChannels) -> None:
        """Apply the positions or raise the route's refusal."""
        if not command.channels:
            raise ValidationError.of({"channels": "cannot be blank"})
        positions = {item.id: item.position for item in command.channels}
        outbox = Outbox()
        async with self._uow.write() as tx:
            await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.MANAGE_CHANNELS,
                refusal=NotAcceptable,
            )
            moved = await tx.channels.set_positions(command.guild_id, positions)
        if moved:
            order = [ChannelOrderDTO(id=i, position=positions[i]) for i in moved]
            event = ChannelOrderEvent(guild_id=command.guild_id, channels=order)
            outbox.add(guild_subject(command.guild_id), EventType.CHANNEL_ORDER_UPDATE, event)
        await outbox.flush(self._events)
