from abc import abstractmethod
from typing import Protocol


class EventPublisher(Protocol):
    """Delivers pre-encoded frames to subscribers of a subject (``channel.{id}``, ``user.{id}``...).

    The payload is the exact WebSocket frame, encoded once by the publisher; gateways forward it
    verbatim. Use cases publish only after their transaction committed.
    """

    @abstractmethod
    async def publish(self, subject: str, payload: bytes) -> None:
        """Send ``payload`` on ``subject``; raise ``Unavailable`` if the bus is down."""
