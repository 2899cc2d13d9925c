from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.ports.friend_repository import FriendRepository


def _pair(user_id: int, other_id: int) -> tuple[int, int]:
    """Friendships are symmetric, so each is stored once under its ordered pair."""
    return (user_id, other_id) if user_id < other_id else (other_id, user_id)


class MemoryFriendRepository(FriendRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def friends_of(self, user_id: int) -> list[int]:
        """In ascending user id."""
        return sorted(
            b if a == user_id else a for a, b in self._db.friendships if user_id in (a, b)
        )

    @override
    async def are_friends(self, user_id: int, other_id: int) -> bool:
        return _pair(user_id, other_id) in self._db.friendships

    @override
    async def befriend(self, user_id: int, other_id: int, now_ms: int) -> None:
        """An existing friendship keeps its original start time."""
        self._db.friendships.setdefault(_pair(user_id, other_id), now_ms)
        self._db.friend_requests.pop((user_id, other_id), None)
        self._db.friend_requests.pop((other_id, user_id), None)

    @override
    async def unfriend(self, user_id: int, other_id: int) -> None:
        self._db.friendships.pop(_pair(user_id, other_id), None)

    @override
    async def add_request(self, sender_id: int, recipient_id: int) -> None:
        """A repeated request keeps its place in the queue."""
        self._db.friend_requests.setdefault((sender_id, recipient_id), None)

    @override
    async def delete_request(self, sender_id: int, recipient_id: int) -> bool:
        if (sender_id, recipient_id) not in self._db.friend_requests:
            return False
        del self._db.friend_requests[sender_id, recipient_id]
        return True

    @override
    async def requests_to(self, recipient_id: int) -> list[int]:
        return [s for s, r in self._db.friend_requests if r == recipient_id]
