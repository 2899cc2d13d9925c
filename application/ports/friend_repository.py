from abc import abstractmethod
from typing import Protocol


class FriendRepository(Protocol):
    """Friendships (symmetric) and pending friend requests (sender → recipient)."""

    @abstractmethod
    async def friends_of(self, user_id: int) -> list[int]:
        """The user's friends' ids; friendship is symmetric, so either side sees the other."""

    @abstractmethod
    async def are_friends(self, user_id: int, other_id: int) -> bool:
        """Whether two users are friends (DM mentions notify friends only)."""

    @abstractmethod
    async def befriend(self, user_id: int, other_id: int, now_ms: int) -> None:
        """Make two users friends (idempotent) and drop requests between them."""

    @abstractmethod
    async def unfriend(self, user_id: int, other_id: int) -> None:
        """End a friendship for both sides; ending one that does not exist is not an error."""

    @abstractmethod
    async def add_request(self, sender_id: int, recipient_id: int) -> None:
        """Record a pending request (idempotent)."""

    @abstractmethod
    async def delete_request(self, sender_id: int, recipient_id: int) -> bool:
        """Drop a pending request; False if there was none."""

    @abstractmethod
    async def requests_to(self, recipient_id: int) -> list[int]:
        """Senders of the user's pending incoming requests, oldest first."""
