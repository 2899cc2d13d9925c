import msgspec

from application.errors import NotFound
from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.services.present import user_brief
from application.use_cases.friends.notify import tell_both
from application.wire.events import EventType, FriendRequestEvent, user_subject
from domain.errors import ValidationError
from domain.friends import ensure_not_self


class SendFriendRequest(msgspec.Struct, frozen=True, kw_only=True):
    """``POST /user/me/friends``: ask the user with this discriminator."""

    actor_id: int
    discriminator: str


class SendFriendRequestHandler:
    """Ask someone, found by discriminator, to be friends (spec §2.4.2 row 19); publish 402.

    An empty discriminator is ``discriminator: discriminator is required.``; an unknown one 404
    ``unable to get user discriminator``; yourself 400. Already friends, or a request already
    pending: 200 and nothing happens, so a double click does not notify twice. Otherwise the
    request is stored and the target gets 402 ``{from: UserBrief}`` on ``user.{target}``.

    Deviations: when the target had already asked the caller, the two become friends at once
    and both get 403, as if the caller had accepted (a crossed pair of requests means both
    want it). GoChat allowed one pending request per recipient (§17 item 32); any number are
    kept here.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher, clock: Clock) -> None:
        self._uow = uow
        self._events = events
        self._clock = clock

    async def __call__(self, command: SendFriendRequest) -> None:
        """Store the request (or the friendship) and notify; raise ``NotFound`` or 400s."""
        if not command.discriminator:
            raise ValidationError.of({"discriminator": "discriminator is required"})
        outbox = Outbox()
        async with self._uow.write() as tx:
            target = await tx.users.find_by_discriminator(command.discriminator)
            if target is None:
                raise NotFound("unable to get user discriminator")
            ensure_not_self(command.actor_id, target.id)
            me = await tx.users.get(command.actor_id)
            if me is None:
                raise NotFound("unable to get user")
            if await tx.friends.are_friends(me.id, target.id):
                return
            if target.id in await tx.friends.requests_to(me.id):
                await tx.friends.befriend(me.id, target.id, self._clock.now_ms())
                tell_both(outbox, EventType.FRIEND_ADDED, me, target)
            elif me.id not in await tx.friends.requests_to(target.id):
                await tx.friends.add_request(me.id, target.id)
                outbox.add(
                    user_subject(target.id),
                    EventType.FRIEND_REQUEST,
                    FriendRequestEvent(from_=user_brief(me)),
                )
        await outbox.flush(self._events)
