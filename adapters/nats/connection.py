"""One NATS connection per process, and the single place NATS failures become ``Unavailable``.

The client reconnects forever: a NATS restart must heal by itself (ARCHITECTURE.md §6), so the
adapters built on a connection are created once and never need recreating. Publishes made while
reconnecting are buffered up to ``pending_bytes`` and sent after the reconnect; past that bound,
and on every timeout or missing responder, callers get ``Unavailable`` (a 503) instead of a hang.
"""

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any

import nats.errors
import nats.js.errors
from nats.aio.client import Client, ReconnectToServerHandler, Server

from application.errors import Unavailable

logger = logging.getLogger(__name__)

UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    TimeoutError,  # no reply in time (nats.errors.TimeoutError is one too)
    nats.errors.OutboundBufferLimitError,  # disconnected and the reconnect buffer is full
    nats.errors.NoRespondersError,  # nobody serves the request (no stream for the subject)
    nats.js.errors.NoStreamResponseError,  # the same, as JetStream's publish reports it
    nats.js.errors.ServiceUnavailableError,  # JetStream disabled or without a leader
    nats.js.errors.ServerError,  # JetStream out of resources, storage failure
    nats.errors.ConnectionClosedError,  # used after close (shutdown racing a request)
    nats.errors.ConnectionDrainingError,
    nats.errors.ConnectionReconnectingError,
    nats.errors.StaleConnectionError,
    nats.errors.NoServersError,
)

CONNECT_ERRORS: tuple[type[Exception], ...] = (OSError, *UNAVAILABLE_ERRORS)

NatsClient = Client
"""The connection type adapters take; re-exported so entrypoints need not import ``nats``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NatsOptions:
    """Connection tuning; the defaults suit a server on the same network.

    ``connect_timeout`` bounds one TCP+handshake attempt, ``startup_timeout`` the whole first
    connect (retried until then, so a server starting alongside the process is fine).
    Reconnect delays grow from ``reconnect_wait`` by doubling up to ``reconnect_wait_max``, with
    jitter so many processes do not reconnect in lock-step. A server that stops answering is
    noticed after about ``ping_interval * (max_outstanding_pings + 1)`` seconds.
    """

    connect_timeout: int = 2
    startup_timeout: float = 10.0
    reconnect_wait: float = 0.1
    reconnect_wait_max: float = 5.0
    pending_bytes: int = 1024 * 1024
    flush_timeout: float = 5.0
    ping_interval: int = 10
    max_outstanding_pings: int = 2
    drain_timeout: int = 5


def reconnect_delay(attempts: int, options: NatsOptions) -> float:
    """Exponential backoff with jitter in ``[delay/2, delay]``, capped at the maximum."""
    delay = min(options.reconnect_wait_max, options.reconnect_wait * 2.0 ** min(attempts, 20))
    return delay * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not a secret)


def _backoff_handler(options: NatsOptions) -> ReconnectToServerHandler:
    def choose(servers: list[Server], _info: dict[str, Any]) -> tuple[Server | None, float]:
        # The least-tried server first; its failed attempts set the wait.
        server = min(servers, key=lambda candidate: candidate.reconnects)
        return server, reconnect_delay(server.reconnects, options)

    return choose


async def _on_error(error: Exception) -> None:
    # Called for every failed reconnect attempt too; the backoff keeps this to a trickle.
    logger.warning("nats: %s: %s", type(error).__name__, error)


async def _on_reconnected() -> None:
    logger.info("nats: reconnected")


async def _on_closed() -> None:
    logger.info("nats: connection closed")


def server_list(url: str) -> list[str]:
    """``nats_url`` may name several servers of one cluster, comma-separated."""
    servers = [part.strip() for part in url.split(",") if part.strip()]
    if not servers:
        raise ValueError("nats_url: no server given")
    return servers


async def connect_nats(url: str, *, name: str, options: NatsOptions | None = None) -> Client:
    """Connect, retrying until ``startup_timeout``; raise ``Unavailable`` if no server answers.

    Args:
        url: one server URL or a comma-separated list (``nats://user:pass@host:4222``).
        name: the connection name shown in NATS monitoring (``parley-api``, ``parley-ws``).
        options: tuning; defaults to ``NatsOptions()``.
    """
    options = options or NatsOptions()
    client = Client()

    async def on_disconnected() -> None:
        if not client.is_closed:  # closing calls this too
            logger.warning("nats: disconnected; reconnecting")

    try:
        async with asyncio.timeout(options.startup_timeout):
            await client.connect(
                servers=server_list(url),
                name=name,
                allow_reconnect=True,
                max_reconnect_attempts=-1,  # forever: a NATS restart must heal by itself
                connect_timeout=options.connect_timeout,
                reconnect_time_wait=1,  # the wait between first-connect attempts only
                reconnect_to_server_handler=_backoff_handler(options),
                pending_size=options.pending_bytes,
                flush_timeout=options.flush_timeout,
                ping_interval=options.ping_interval,
                max_outstanding_pings=options.max_outstanding_pings,
                drain_timeout=options.drain_timeout,
                error_cb=_on_error,
                disconnected_cb=on_disconnected,
                reconnected_cb=_on_reconnected,
                closed_cb=_on_closed,
            )
    except CONNECT_ERRORS as error:
        await client.close()
        # The URL may carry credentials, so it stays out of the message.
        raise Unavailable from error
    except BaseException:
        await client.close()  # cancelled while connecting: leave no reconnect task behind
        raise
    return client


async def close_nats(client: Client, *, timeout_s: float = 10.0) -> None:
    """Drain (send what is buffered, finish running callbacks), then close; never raises.

    Bounded by ``timeout_s`` even when the server has stopped answering.
    """
    if client.is_closed:
        return
    try:
        async with asyncio.timeout(timeout_s):
            await client.drain()
    except (TimeoutError, nats.errors.Error) as error:
        logger.warning("nats: drain failed (%s); closing", type(error).__name__)
    if not client.is_closed:
        try:
            await client.close()
        except OSError as error:
            # Closing while reconnecting with publishes still buffered: nats-py flushes them
            # into the transport of the lost connection, which raises. The client is closed
            # by then (its tasks are cancelled); only those events are gone.
            logger.warning("nats: buffered events dropped on close (%s)", type(error).__name__)


@asynccontextmanager
async def nats_connection(
    url: str, *, name: str, options: NatsOptions | None = None
) -> AsyncIterator[Client]:
    """``connect_nats`` … ``close_nats`` as one resource (a lifespan or DI ``Resource``)."""
    client = await connect_nats(url, name=name, options=options)
    try:
        yield client
    finally:
        await close_nats(client)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn "the bus is not there right now" into ``Unavailable``; leave the rest alone.

    A bad subject, an oversized payload or a JetStream request the server rejects as malformed
    is a bug in this package, and hiding it behind a retryable 503 would only make it harder to
    find.
    """
    try:
        yield
    except UNAVAILABLE_ERRORS as error:
        raise Unavailable from error
