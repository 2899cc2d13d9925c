"""What deleting a channel and deleting a category share (spec rows 38 and 39)."""

import msgspec

from application.errors import PERMISSIONS_REQUIRED, NotAcceptable
from application.ports.event_publisher import EventPublisher
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.services.access import authorize, channel_access, guild_channel
from application.services.outbox import Outbox
from application.wire.events import ChannelDeleteEvent, EventType, guild_subject
from domain.channels import Channel, ChannelType
from domain.permissions import Permission


class RemoveGuildChannel(msgspec.Struct, frozen=True, kw_only=True):
    """Which channel of which guild to remove, and who asks."""

    actor_id: int
    guild_id: int
    channel_id: int


class ChannelRemoval:
    """Delete one guild channel of the expected kind, then its messages, then announce it.

    Rule: GoChat's ``ChannelPerm(ManageChannels)`` on that very channel (so a private channel
    needs an override, Administrator or ownership; a thread takes its parent's permissions),
    and the channel must be of the route's kind; both failures are 406 ``permissions
    required``. Non-members are refused (406) before the channel is looked up, so outsiders
    learn nothing about channel ids; a channel outside the guild is 404 ``channel not found``
    and an unknown guild 404 ``guild not found`` (GoChat: 500 for both). Each removed channel
    is announced with 109 ``{guild_id, channel_type, channel_id}`` on ``guild.{id}``.

    Deviations: threads of a deleted channel go with it (GoChat left them without a parent,
    which made a private channel's threads readable by everyone), each with its own 109; and
    when a removed channel was the guild's system channel, system messages are switched off
    rather than pointing at a channel that no longer exists.
    """

    def __init__(self, *, uow: UnitOfWork, messages: MessageStore, events: EventPublisher) -> None:
        self._uow = uow
        self._messages = messages
        self._events = events

    async def remove(self, command: RemoveGuildChannel, *, category: bool) -> None:
        """Remove the channel when it is a category exactly when ``category`` is true."""
        outbox = Outbox()
        async with self._uow.write() as tx:
            context = await authorize(tx, command.guild_id, command.actor_id, refusal=NotAcceptable)
            channel = await guild_channel(tx, command.guild_id, command.channel_id)
            access = await channel_access(tx, context, channel)
            is_category = channel.type is ChannelType.GUILD_CATEGORY
            if is_category is not category or not access.allows(Permission.MANAGE_CHANNELS):
                raise NotAcceptable(PERMISSIONS_REQUIRED)
            removed = await _delete_with_threads(tx, channel)
            guild = context.guild
            if guild.system_channel_id in {c.id for c in removed}:
                guild.system_channel_id = None
                await tx.guilds.update(guild)
        await self._messages.delete_channels([c.id for c in removed])
        for gone in removed:
            event = ChannelDeleteEvent(
                guild_id=command.guild_id, channel_type=int(gone.type), channel_id=gone.id
            )
            outbox.add(guild_subject(command.guild_id), EventType.CHANNEL_DELETE, event)
        await outbox.flush(self._events)


async def _delete_with_threads(tx: Transaction, channel: Channel) -> list[Channel]:
    """Delete ``channel`` and the threads stored under it; the channel comes first."""
    assert channel.guild_id is not None  # noqa: S101 - guild_channel() checked the guild
    threads = [
        c
        for c in await tx.channels.list_by_guild(channel.guild_id)
        if c.type is ChannelType.THREAD and c.parent_id == channel.id
    ]
    removed = [channel, *threads]
    for gone in removed:
        await tx.channels.delete(gone.id)
    return removed
