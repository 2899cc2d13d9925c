import msgspec

from application.ports.unit_of_work import UnitOfWork


class DeclineFriendRequest(msgspec.Struct, frozen=True, kw_only=True):
    """``DELETE /user/me/friends/requests``: decline the request ``sender_id`` sent."""

    actor_id: int
    sender_id: int


class DeclineFriendRequestHandler:
    """Decline a pending friend request (spec §2.4.2 row 23).

    The request is dropped silently (the sender is not told, as in GoChat); declining a
    request that does not exist is still 200, so a retried decline succeeds.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: DeclineFriendRequest) -> None:
        """Drop the request if there is one."""
        async with self._uow.write() as tx:
            await tx.friends.delete_request(command.sender_id, command.actor_id)
