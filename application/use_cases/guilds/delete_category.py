from application.ports.event_publisher import EventPublisher
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.guilds.channel_removal import ChannelRemoval, RemoveGuildChannel


class DeleteGuildCategory(RemoveGuildChannel, frozen=True, kw_only=True):
    """Delete a category; ``channel_id`` is the category's id."""


class DeleteGuildCategoryHandler:
    """Delete a category, leaving the channels listed under it in place (spec row 39).

    Rule: ManageChannels in that category; anything but a category is refused like a missing
    permission (406 ``permissions required``), as in GoChat. Children are untouched: their
    listed parent is derived from positions, so they now show under the category above, if
    any. The checks, the 109 event and the 404s are ``ChannelRemoval``'s.
    """

    def __init__(self, *, uow: UnitOfWork, messages: MessageStore, events: EventPublisher) -> None:
        self._removal = ChannelRemoval(uow=uow, messages=messages, events=events)

    async def __call__(self, command: DeleteGuildCategory) -> None:
        """Remove the category or raise the route's refusal."""
        await self._removal.remove(command, category=True)
