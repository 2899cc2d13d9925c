import msgspec

from application.errors import NotAcceptable, NotModified
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize, guild_channel
from application.services.outbox import Outbox
from application.services.present import channel_dto
from application.wire.dto import ChannelDTO
from application.wire.events import ChannelEvent, EventType, guild_subject
from domain.channels import validate_channel_name, validate_topic
from domain.permissions import Permission

UNABLE_TO_UPDATE_CHANNEL = "unable to update channel"


class UpdateGuildChannel(msgspec.Struct, frozen=True, kw_only=True):
    """Fields left ``None`` keep their value."""

    actor_id: int
    guild_id: int
    channel_id: int
    name: str | None = None
    private: bool | None = None
    topic: str | None = None


class UpdateGuildChannelHandler:
    """Rename a channel, change its topic or make it private or public (spec row 37).

    Rule: given fields are validated first (400, ozzo text: name 2-100 of ``[A-Za-z0-9_-]``,
    topic ≤ 1024), then ManageChannels is required (406 ``permissions required``; members
    only). A body naming no field is 304 ``unable to update channel``: GoChat's update fails on
    an empty SET and it answers any failed update with 304. The reply and the 107
    ``{guild_id, channel}`` event carry the channel as stored (its own ``permissions``, possibly
    absent; stored ``parent_id``; no ``roles``). Deviations: an unknown guild is 404 ``guild not
    found`` and a channel outside the guild 404 ``channel not found`` (GoChat: 500).
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: UpdateGuildChannel) -> ChannelDTO:
        """The channel as stored after the change."""
        if command.name is not None:
            validate_channel_name(command.name)
        if command.topic is not None:
            validate_topic(command.topic)
        outbox = Outbox()
        async with self._uow.write() as tx:
            await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.MANAGE_CHANNELS,
                refusal=NotAcceptable,
            )
            channel = await guild_channel(tx, command.guild_id, command.channel_id)
            if command.name is None and command.private is None and command.topic is None:
                raise NotModified(UNABLE_TO_UPDATE_CHANNEL)
            if command.name is not None:
                channel.name = command.name
            if command.private is not None:
                channel.private = command.private
            if command.topic is not None:
                channel.topic = command.topic
            await tx.channels.update(channel)
        updated = channel_dto(channel)
        event = ChannelEvent(guild_id=command.guild_id, channel=updated)
        outbox.add(guild_subject(command.guild_id), EventType.CHANNEL_UPDATE, event)
        await outbox.flush(self._events)
        return updated
