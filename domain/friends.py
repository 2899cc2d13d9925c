"""Friendships and friend requests between two users."""

from domain.errors import DomainError


def ensure_not_self(actor_id: int, other_id: int) -> None:
    """A user cannot befriend, unfriend or DM themselves."""
    if actor_id == other_id:
        msg = "unable to perform this action on yourself"
        raise DomainError(msg)
