import msgspec

from application.errors import NotFound
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.friends.notify import tell_both
from application.wire.events import EventType
from domain.friends import ensure_not_self


class RemoveFriend(msgspec.Struct, frozen=True, kw_only=True):
    """``DELETE /user/me/friends``: end the friendship with ``friend_id``."""

    actor_id: int
    friend_id: int


class RemoveFriendHandler:
    """End a friendship (spec §2.4.2 row 20); publish 404 to both users.

    Yourself → 400; an unknown user → 404 ``unable to get user``. Each side gets 404
    ``{friend: UserBrief}`` naming the other.

    Deviation: GoChat sent the 404 event even when the two were not friends; here that case
    is a silent 200, so a retried unfriend does not notify twice.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: RemoveFriend) -> None:
        """Unfriend and notify both; raise ``NotFound`` or ``DomainError``."""
        ensure_not_self(command.actor_id, command.friend_id)
        outbox = Outbox()
        async with self._uow.write() as tx:
            users = await tx.users.get_many([command.actor_id, command.friend_id])
            if len(users) != 2:  # noqa: PLR2004 - the two people involved
                raise NotFound("unable to get user")
            if not await tx.friends.are_friends(command.actor_id, command.friend_id):
                return
            await tx.friends.unfriend(command.actor_id, command.friend_id)
            tell_both(
                outbox, EventType.FRIEND_REMOVED, users[command.actor_id], users[command.friend_id]
            )
        await outbox.flush(self._events)
