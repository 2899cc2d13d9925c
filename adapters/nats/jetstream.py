"""JetStream for the ``indexer.*`` events: stored on disk, acknowledged, redelivered until handled.

GoChat sends index events over core NATS, so an indexer that is down loses them and the search
index silently drifts. Here the API publishes them to a stream and waits for the server's ack,
and indexers share one durable pull consumer: each event goes to one indexer process at a time,
and one that is not acknowledged in time (the indexer crashed) goes out again, possibly to
another. Delivery is at least once, and a redelivered event can arrive after later ones (an
edit after the delete that followed it): the indexer must tolerate both.
"""

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from typing_extensions import override

from adapters.nats.connection import translate_errors
from application.errors import Unavailable
from application.ports.event_publisher import EventPublisher

if TYPE_CHECKING:
    from nats.js import JetStreamContext

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 5.0
WEEK_S = 7 * 24 * 3600.0


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamSpec:
    """The stream holding the index events.

    Limits-based retention: acknowledged events stay until ``max_age_s`` so a rebuilt index can
    be replayed from a new consumer, and an indexer fleet that is down for days loses nothing
    younger than that. ``duplicate_window_s`` makes a retried publish carrying the same
    ``Nats-Msg-Id`` header count once.
    """

    name: str = "INDEXER"
    subject: str = "indexer.>"
    max_age_s: float = WEEK_S
    max_bytes: int = -1
    duplicate_window_s: float = 120.0
    replicas: int = 1

    def config(self) -> StreamConfig:
        return StreamConfig(
            name=self.name,
            subjects=[self.subject],
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.FILE,
            discard=DiscardPolicy.OLD,
            max_age=self.max_age_s,
            max_bytes=self.max_bytes,
            duplicate_window=self.duplicate_window_s,
            num_replicas=self.replicas,
        )


async def ensure_stream(client: Client, spec: StreamSpec, *, timeout_s: float) -> None:
    """Create the stream, or bring an existing one's subjects and limits in line with ``spec``.

    Safe to run from every process at start-up: creating an identical stream is a no-op.
    """
    js = client.jetstream(timeout=timeout_s)
    config = spec.config()
    with translate_errors():
        try:
            await js.add_stream(config)
        except nats.js.errors.BadRequestError:
            # "stream name already in use with a different configuration"
            await js.update_stream(config)


class JetStreamEventPublisher(EventPublisher):
    """Publishes to the stream and returns only once the server stored the event.

    An API write that answered 2xx therefore has its index event on disk; if the ack does not
    come within ``timeout_s`` the caller gets ``Unavailable`` (a 503, so the client retries)
    instead of a lost event. While disconnected it fails at once: no ack can arrive then.
    If the stream is missing (a fresh server without the old data) it is re-created once.
    """

    def __init__(
        self,
        client: Client,
        *,
        stream: StreamSpec | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._client = client
        self._stream = stream or StreamSpec()
        self._timeout_s = timeout_s
        self._js = client.jetstream(timeout=timeout_s)

    async def ensure_stream(self) -> None:
        """Create or update the stream; call once at start-up (raises ``Unavailable``)."""
        await ensure_stream(self._client, self._stream, timeout_s=self._timeout_s)

    @override
    async def publish(self, subject: str, payload: bytes) -> None:
        try:
            await self._publish(subject, payload)
        except Unavailable as error:
            if not isinstance(error.__cause__, nats.js.errors.NoStreamResponseError):
                raise
            logger.warning(
                "jetstream: no stream for %s; re-creating %s", subject, self._stream.name
            )
            await self.ensure_stream()
            await self._publish(subject, payload)

    async def _publish(self, subject: str, payload: bytes) -> None:
        if not self._client.is_connected:
            raise Unavailable
        with translate_errors():
            # js.publish bounds the ack wait itself; the outer bound covers the buffer flush.
            async with asyncio.timeout(self._timeout_s * 2):
                await self._js.publish(
                    subject, payload, timeout=self._timeout_s, stream=self._stream.name
                )


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event handed to this process; ``ack`` it once handled, or it comes back later."""

    subject: str
    payload: bytes
    attempt: int
    """1 on first delivery, more on redeliveries (unacknowledged in time, or ``nak``-ed)."""
    message: Msg

    async def ack(self) -> None:
        with translate_errors():
            await self.message.ack()

    async def nak(self, delay_s: float | None = None) -> None:
        """Hand the event back for redelivery, after ``delay_s`` if given."""
        with translate_errors():
            await self.message.nak(delay=delay_s)


class JetStreamConsumer:
    """A durable pull consumer with explicit acks; processes using one ``durable`` share work.

    Each event of the stream goes to exactly one of the processes fetching from the same
    durable; one not acked within ``ack_wait_s`` is redelivered (to any of them), up to
    ``max_deliver`` times in all. The durable lives on the server, so a restarted indexer
    carries on where the fleet stopped. Its settings are fixed when first created.
    """

    def __init__(
        self,
        client: Client,
        *,
        durable: str = "indexer",
        stream: StreamSpec | None = None,
        ack_wait_s: float = 30.0,
        max_deliver: int = 10,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._client = client
        self._durable = durable
        self._stream = stream or StreamSpec()
        self._ack_wait_s = ack_wait_s
        self._max_deliver = max_deliver
        self._timeout_s = timeout_s
        self._subscription: JetStreamContext.PullSubscription | None = None

    async def start(self) -> None:
        """Ensure the stream and the durable exist and bind to it (raises ``Unavailable``)."""
        await ensure_stream(self._client, self._stream, timeout_s=self._timeout_s)
        js = self._client.jetstream(timeout=self._timeout_s)
        config = ConsumerConfig(
            durable_name=self._durable,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self._ack_wait_s,
            max_deliver=self._max_deliver,
        )
        with translate_errors():
            self._subscription = await js.pull_subscribe(
                self._stream.subject, durable=self._durable, stream=self._stream.name, config=config
            )

    async def fetch(self, batch: int = 64, wait_s: float = 5.0) -> list[Delivery]:
        """Up to ``batch`` events, waiting at most ``wait_s`` for the first; ``[]`` if none came."""
        if self._subscription is None:
            raise RuntimeError("JetStreamConsumer.start() was not called")
        if not self._client.is_connected:
            raise Unavailable
        with translate_errors():
            try:
                messages = await self._subscription.fetch(batch, timeout=wait_s)
            except TimeoutError:  # nothing arrived in time (the request itself is bounded)
                return []
        return [
            Delivery(msg.subject, msg.data, msg.metadata.num_delivered, msg) for msg in messages
        ]

    async def stop(self) -> None:
        """Stop fetching here; the durable and its unacked events stay for the others."""
        subscription, self._subscription = self._subscription, None
        if subscription is not None and not self._client.is_closed:
            try:
                await subscription.unsubscribe()
            except nats.errors.Error as error:
                logger.debug("jetstream: unsubscribe: %s", type(error).__name__)
