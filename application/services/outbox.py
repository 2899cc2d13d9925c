"""Events gathered while a use case runs and published only after its transaction committed."""

import msgspec

from application.ports.event_publisher import EventPublisher
from application.wire.events import EventType, dispatch


class Outbox:
    """Collects encoded frames in order; ``flush`` sends them once the data is durable.

    Publishing inside the transaction would let clients see events for changes that are then
    rolled back, so use cases add here and flush after ``write()`` returns.
    """

    __slots__ = ("_frames",)

    def __init__(self) -> None:
        self._frames: list[tuple[str, bytes]] = []

    def add(self, subject: str, event: EventType, payload: msgspec.Struct) -> None:
        """Encode the frame now, so a payload mutated later cannot change what is sent."""
        self._frames.append((subject, dispatch(event, payload)))

    async def flush(self, publisher: EventPublisher) -> None:
        """Publish in the order added and empty the box; call only after the commit."""
        frames, self._frames = self._frames, []
        for subject, frame in frames:
            await publisher.publish(subject, frame)
