import msgspec

from application.ports.unit_of_work import UnitOfWork
from application.services.present import user_dto
from application.wire.dto import UserDTO


class ListFriends(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /user/me/friends``."""

    actor_id: int


class ListFriendsHandler:
    """The caller's friends as ``User`` objects, by user id (spec §2.4.2 row 18).

    Users are loaded in one batch; a friend whose user row is gone is left out.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListFriends) -> list[UserDTO]:
        """The friends, possibly none."""
        async with self._uow.read() as tx:
            friend_ids = await tx.friends.friends_of(query.actor_id)
            users = await tx.users.get_many(friend_ids)
        return [user_dto(users[i]) for i in friend_ids if i in users]
