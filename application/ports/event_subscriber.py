from abc import abstractmethod
from collections.abc import Awaitable, Callable
from typing import Protocol

Subscriber = Callable[[str, bytes], Awaitable[None]]
"""Called with the subject a frame arrived on and its exact bytes."""

Unsubscribe = Callable[[], Awaitable[None]]
"""Stops one subscription; calling it again does nothing."""


class EventSubscriber(Protocol):
    """The gateway's side of the bus: receive the frames ``EventPublisher`` sends.

    One call is one subscription on the bus; a process holding many sockets shares one
    subscription per subject among them (spec §8.5), which is the gateway's job, not the bus's.
    Frames of one subscription reach the callback one at a time and in publish order (per
    publisher); a failing callback is logged by the adapter and the next frame still delivered.
    """

    @abstractmethod
    async def subscribe(self, subject: str, callback: Subscriber) -> Unsubscribe:
        """Deliver frames matching ``subject`` (``*``/``>`` wildcards); raise ``Unavailable``."""
