import asyncio
import logging
from typing import TYPE_CHECKING

import nats.errors
from nats.aio.client import Client
from nats.aio.msg import Msg
from typing_extensions import override

from adapters.nats.connection import translate_errors
from application.ports.event_publisher import EventPublisher
from application.ports.event_subscriber import EventSubscriber, Subscriber, Unsubscribe

if TYPE_CHECKING:
    from nats.aio.subscription import Subscription

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 5.0


class NatsEventPublisher(EventPublisher, EventSubscriber):
    """Core NATS (at most once, like GoChat): the frame bytes go out verbatim on the subject.

    ``publish`` returns once the frame is handed to the connection; while reconnecting, frames
    wait in the connection's bounded buffer and ``Unavailable`` is raised once it is full.
    With ``durable`` set, subjects under ``durable_prefix`` (the ``indexer.*`` events, whose
    loss is not allowed) go there instead, e.g. to a ``JetStreamEventPublisher``.

    ``subscribe`` is the gateway's side, shaped like ``MemoryEventPublisher.subscribe`` but
    async (nats-py queues the SUB through the connection). Each call is one NATS subscription;
    sharing one per subject among local sockets (spec §8.5) is the gateway's job. Subscriptions
    survive reconnects: the client replays them, so nothing is recreated after a NATS restart.
    """

    def __init__(
        self,
        client: Client,
        *,
        durable: EventPublisher | None = None,
        durable_prefix: str = "indexer.",
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._client = client
        self._durable = durable
        self._durable_prefix = durable_prefix
        self._timeout_s = timeout_s

    @override
    async def publish(self, subject: str, payload: bytes) -> None:
        if self._durable is not None and subject.startswith(self._durable_prefix):
            await self._durable.publish(subject, payload)
            return
        with translate_errors():
            async with asyncio.timeout(self._timeout_s):
                await self._client.publish(subject, payload)

    @override
    async def subscribe(self, subject: str, callback: Subscriber) -> Unsubscribe:
        """Deliver frames matching ``subject`` (``*``/``>`` wildcards); await the result to stop.

        The interest reaches the server asynchronously (well under a millisecond on a healthy
        link), so a frame another process publishes at that very instant may be missed, as in
        GoChat. No round trip is awaited here on purpose: ``Client.flush`` with a timeout that
        expires leaves nats-py 2.16's reader to die on the late PONG. While reconnecting, the
        subscription is registered locally and takes effect on reconnect. Frames of one
        subscription reach ``callback`` one at a time, in publish order (per publisher); a
        failing callback is logged and the next frame still delivered.
        """
        listener = _Listener(subject, callback)
        with translate_errors():
            listener.subscription = await self._client.subscribe(subject, cb=listener.deliver)
        return listener.stop


class _Listener:
    """One subscription: stops delivering the moment ``stop`` is called.

    nats-py stops a subscription by cancelling the task that runs its callbacks. Done from
    inside a callback (a gateway dropping its last socket while delivering), that would cancel
    the caller itself, so then the wire-level unsubscribe waits until the callback returns;
    the ``active`` flag already keeps further frames away.
    """

    __slots__ = ("active", "callback", "delivering", "subject", "subscription")

    def __init__(self, subject: str, callback: Subscriber) -> None:
        self.subject = subject
        self.callback = callback
        self.subscription: Subscription | None = None
        self.active = True
        self.delivering = False

    async def deliver(self, message: Msg) -> None:
        if not self.active:
            return
        self.delivering = True
        try:
            await self.callback(message.subject, message.data)
        except Exception:
            logger.exception("subscriber of %s failed on %s", self.subject, message.subject)
        finally:
            self.delivering = False
        if self.stopped():  # stop() was called while delivering
            await self._unsubscribe()

    def stopped(self) -> bool:
        return not self.active

    async def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        if not self.delivering:
            await self._unsubscribe()

    async def _unsubscribe(self) -> None:
        subscription, self.subscription = self.subscription, None
        if subscription is None:
            return
        try:
            await subscription.unsubscribe()
        except nats.errors.Error as error:  # closed or draining: nothing is left to stop
            logger.debug("unsubscribe from %s: %s", self.subject, type(error).__name__)
