"""One way to reach etcd, and one meaning for a failed round trip.

Every adapter in this package talks to a client made by ``connect`` (or ``open_client``) and
wraps each call in ``translate_errors``: a server that is down, restarting, without a leader,
frozen or too slow becomes ``Unavailable`` (the HTTP layer answers 503) instead of a driver
exception escaping as a 500 or a request that waits forever.

aetcd 1.0 speaks plaintext gRPC only (no TLS) and opens its channel on the first call, so
making a client does no I/O and a server that is down at start-up costs a 503 per request,
not a process that refuses to start. gRPC reconnects a lost channel by itself; the reconnect
backoff is capped at a second here (gRPC's default grows to two minutes), so a restarted etcd
is used again within about a second.
"""

import ipaddress
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from urllib.parse import urlsplit

import aetcd
from aetcd.exceptions import ConnectionFailedError, ConnectionTimeoutError

from application.errors import Unavailable

EtcdClient = aetcd.Client
"""The client type adapters take; re-exported so entrypoints need not import ``aetcd``."""

DEFAULT_TIMEOUT_S = 2.0
"""Deadline of each call. A write waits for a raft commit and a WAL fsync (milliseconds on
a healthy cluster, more during a leader election); an SFU's heartbeat to the webhook gives
up after 5 s, and one announce is two calls, so it answers within that either way."""

DEFAULT_PORT = 2379

CHANNEL_OPTIONS: dict[str, int] = {
    "grpc.initial_reconnect_backoff_ms": 100,
    "grpc.min_reconnect_backoff_ms": 100,
    "grpc.max_reconnect_backoff_ms": 1000,
}
"""While the channel waits to reconnect, calls fail at once (fail-fast), so the wait is how
long a recovered etcd stays unused; a second bounds it and costs one connect a second."""

UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ConnectionFailedError,  # gRPC UNAVAILABLE: refused, reset, no leader, request timed out
    ConnectionTimeoutError,  # gRPC DEADLINE_EXCEEDED: no answer within the call's deadline
    TimeoutError,  # waiting for another task's first connect
)


def connect(endpoints: Sequence[str], *, timeout_s: float = DEFAULT_TIMEOUT_S) -> aetcd.Client:
    """A client for the cluster at ``endpoints`` (``http://host:port``); no I/O happens here.

    Close it with ``await client.close()``, or use ``open_client``. Several endpoints must be
    IP addresses (gRPC then keeps to the first that answers and moves on when it fails); to
    name a cluster by host name, give one name that resolves to every member.
    """
    target = grpc_target(endpoints)
    host, _, port = target.rpartition(":")
    return aetcd.Client(
        host=host,
        port=int(port),
        timeout=timeout_s,
        options=CHANNEL_OPTIONS,
        connect_wait_timeout=timeout_s,
    )


@asynccontextmanager
async def open_client(
    endpoints: Sequence[str], *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> AsyncIterator[aetcd.Client]:
    """A ``connect``-ed client, closed (its gRPC channel with it) when the block exits."""
    client = connect(endpoints, timeout_s=timeout_s)
    try:
        yield client
    finally:
        await client.close()


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn "the cluster cannot answer right now" into ``Unavailable``; leave the rest alone.

    Anything else (a bad argument, a permission error) is a bug or a misconfiguration, and
    hiding it behind a retryable 503 would only make it harder to find.
    """
    try:
        yield
    except UNAVAILABLE_ERRORS as error:
        raise Unavailable from error


def grpc_target(endpoints: Sequence[str]) -> str:
    """The gRPC target for ``endpoints``: ``host:port``, or ``ipv4:a:p,b:p`` for several."""
    if not endpoints:
        raise ValueError("etcd_endpoints: at least one endpoint is needed")
    addresses = [_host_and_port(endpoint) for endpoint in endpoints]
    if len(addresses) == 1:
        host, port = addresses[0]
        return f"{_bracketed(host)}:{port}"
    families = {_ip_version(host) for host, _ in addresses}
    if len(families) != 1 or None in families:
        raise ValueError(
            "etcd_endpoints: several endpoints must all be IPv4 or all IPv6 addresses; "
            "for host names, give one name that resolves to every member"
        )
    listed = ",".join(f"{_bracketed(host)}:{port}" for host, port in addresses)
    return f"ipv{families.pop()}:{listed}"


def _host_and_port(endpoint: str) -> tuple[str, int]:
    url = urlsplit(endpoint if "://" in endpoint else f"http://{endpoint}")
    if url.scheme != "http" or url.path not in {"", "/"} or not url.hostname:
        raise ValueError(
            f"etcd_endpoints: {endpoint!r} is not http://host[:port] (aetcd speaks no TLS)"
        )
    return url.hostname, url.port or DEFAULT_PORT


def _ip_version(host: str) -> int | None:
    try:
        return ipaddress.ip_address(host).version
    except ValueError:
        return None


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host
