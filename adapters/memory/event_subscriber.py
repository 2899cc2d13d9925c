from typing_extensions import override

from adapters.memory.event_publisher import MemoryEventPublisher
from application.ports.event_subscriber import EventSubscriber, Subscriber, Unsubscribe


class MemoryEventSubscriber(EventSubscriber):
    """The in-process bus's subscriber side: frames ``bus`` publishes, delivered in process.

    A thin async face over ``MemoryEventPublisher.subscribe`` (which stays synchronous for the
    tests that use it), so the embedded profile's gateway and NATS share one port.
    """

    def __init__(self, bus: MemoryEventPublisher) -> None:
        self._bus = bus

    @override
    async def subscribe(self, subject: str, callback: Subscriber) -> Unsubscribe:
        stop = self._bus.subscribe(subject, callback)

        async def unsubscribe() -> None:
            stop()

        return unsubscribe
