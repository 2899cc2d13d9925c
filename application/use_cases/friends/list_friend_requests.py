import msgspec

from application.ports.unit_of_work import UnitOfWork
from application.services.present import user_dto
from application.wire.dto import UserDTO


class ListFriendRequests(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /user/me/friends/requests``."""

    actor_id: int


class ListFriendRequestsHandler:
    """Who asked the caller to be friends, oldest request first (spec §2.4.2 row 21).

    Senders are loaded in one batch; a sender whose user row is gone is left out.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListFriendRequests) -> list[UserDTO]:
        """The senders of pending incoming requests."""
        async with self._uow.read() as tx:
            sender_ids = await tx.friends.requests_to(query.actor_id)
            users = await tx.users.get_many(sender_ids)
        return [user_dto(users[i]) for i in sender_ids if i in users]
