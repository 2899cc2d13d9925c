import msgspec

from application.errors import NotFound
from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.friends.notify import tell_both
from application.wire.events import EventType
from domain.friends import ensure_not_self


class AcceptFriendRequest(msgspec.Struct, frozen=True, kw_only=True):
    """``POST /user/me/friends/requests``: accept the request ``sender_id`` sent."""

    actor_id: int
    sender_id: int


class AcceptFriendRequestHandler:
    """Accept a pending friend request (spec §2.4.2 row 22); publish 403 to both users.

    The request is dropped and the friendship made in one transaction; each side then gets
    403 ``{friend: UserBrief}`` naming the other. Yourself → 400.

    Deviation: GoChat befriended whoever was named, request or not, so anyone could add
    themselves to anyone's friends. Here a missing request is 404 ``friend request not found``.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher, clock: Clock) -> None:
        self._uow = uow
        self._events = events
        self._clock = clock

    async def __call__(self, command: AcceptFriendRequest) -> None:
        """Befriend and notify both; raise ``NotFound`` or ``DomainError``."""
        ensure_not_self(command.actor_id, command.sender_id)
        outbox = Outbox()
        async with self._uow.write() as tx:
            if not await tx.friends.delete_request(command.sender_id, command.actor_id):
                raise NotFound("friend request not found")
            users = await tx.users.get_many([command.actor_id, command.sender_id])
            if len(users) != 2:  # noqa: PLR2004 - the two people involved
                raise NotFound("unable to get user")
            await tx.friends.befriend(command.actor_id, command.sender_id, self._clock.now_ms())
            tell_both(
                outbox, EventType.FRIEND_ADDED, users[command.actor_id], users[command.sender_id]
            )
        await outbox.flush(self._events)
