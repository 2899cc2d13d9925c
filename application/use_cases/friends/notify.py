"""The friend events both sides of a friendship receive."""

from application.services.outbox import Outbox
from application.services.present import user_brief
from application.wire.events import EventType, FriendEvent, user_subject
from domain.users import User


def tell_both(outbox: Outbox, event: EventType, first: User, second: User) -> None:
    """Each user hears about the other: ``first`` gets ``{friend: second}`` and vice versa."""
    outbox.add(user_subject(first.id), event, FriendEvent(friend=user_brief(second)))
    outbox.add(user_subject(second.id), event, FriendEvent(friend=user_brief(first)))
