from application.ports.event_publisher import EventPublisher
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.guilds.channel_removal import ChannelRemoval, RemoveGuildChannel


class DeleteGuildChannel(RemoveGuildChannel, frozen=True, kw_only=True):
    """Delete a text, voice or thread channel (not a category)."""


class DeleteGuildChannelHandler:
    """Delete a guild channel with its messages (spec row 38).

    Rule: ManageChannels in that channel; a category is refused like a missing permission (406
    ``permissions required``), as in GoChat: categories have their own route. The checks, the
    109 event and the deviations (threads go with their channel, a deleted system channel turns
    system messages off, 404s for unknown guild or foreign channel) are ``ChannelRemoval``'s.
    """

    def __init__(self, *, uow: UnitOfWork, messages: MessageStore, events: EventPublisher) -> None:
        self._removal = ChannelRemoval(uow=uow, messages=messages, events=events)

    async def __call__(self, command: DeleteGuildChannel) -> None:
        """Remove the channel or raise the route's refusal."""
        await self._removal.remove(command, category=False)
