import logging
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from typing_extensions import override

from application.errors import Unavailable
from application.ports.event_publisher import EventPublisher

logger = logging.getLogger(__name__)

Subscriber = Callable[[str, bytes], Awaitable[None]]


class MemoryEventPublisher(EventPublisher):
    """Records published frames and fans them out in process, with NATS-style subjects.

    Tests read ``published`` or ``frames()``; the embedded profile subscribes its gateway and
    passes ``keep_history=False`` so a long-running server does not accumulate every frame.
    Patterns match like NATS: ``*`` is one token, a trailing ``>`` is one or more tokens.
    A failing subscriber is logged and skipped so one broken listener cannot stop delivery to
    the others (a real bus would not tell the publisher either). Set ``unavailable`` to make
    ``publish`` fail as a bus that is down would.
    """

    def __init__(self, *, keep_history: bool = True) -> None:
        self.published: list[tuple[str, bytes]] = []
        self.unavailable = False
        self._keep_history = keep_history
        self._subscriptions: list[tuple[tuple[str, ...], Subscriber]] = []

    @override
    async def publish(self, subject: str, payload: bytes) -> None:
        if self.unavailable:
            raise Unavailable
        if self._keep_history:
            self.published.append((subject, payload))
        tokens = tuple(subject.split("."))
        # A copy: a subscriber may unsubscribe (or subscribe) while we deliver.
        for pattern, callback in list(self._subscriptions):
            if not subject_matches(pattern, tokens):
                continue
            try:
                await callback(subject, payload)
            except Exception:
                logger.exception("subscriber of %s failed on %s", ".".join(pattern), subject)

    def subscribe(self, subject: str, callback: Subscriber) -> Callable[[], None]:
        """Deliver frames whose subject matches ``subject``; call the result to stop."""
        entry = (tuple(subject.split(".")), callback)
        self._subscriptions.append(entry)

        def unsubscribe() -> None:
            # Identity, not equality: the same callback may be subscribed twice.
            for index, existing in enumerate(self._subscriptions):
                if existing is entry:
                    del self._subscriptions[index]
                    return

        return unsubscribe

    def frames(self, subject: str | None = None) -> list[dict[str, Any]]:
        """Decoded frames in publish order, optionally only those sent on ``subject``."""
        return [
            msgspec.json.decode(payload, type=dict[str, Any])
            for sent_on, payload in self.published
            if subject is None or sent_on == subject
        ]

    def subjects(self) -> list[str]:
        """Subjects in publish order (handy for asserting who was told)."""
        return [subject for subject, _ in self.published]

    def clear(self) -> None:
        self.published.clear()


def subject_matches(pattern: tuple[str, ...], subject: tuple[str, ...]) -> bool:
    for index, part in enumerate(pattern):
        if part == ">" and index == len(pattern) - 1:
            return len(subject) > index
        if index >= len(subject) or part not in ("*", subject[index]):
            return False
    return len(subject) == len(pattern)
