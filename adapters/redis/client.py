"""One way to reach Redis, and one meaning for a failed round trip.

Every adapter in this package talks to a client made by ``connect`` and wraps each call in
``translate_errors``: a server that is down, restarting, frozen or too slow becomes
``Unavailable`` (the HTTP layer answers 503) instead of a driver exception escaping as a 500 or
a request that waits forever.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import coredis
from coredis.exceptions import ConnectionError as RedisConnectionError, ReadOnlyError
from coredis.retry import ConstantRetryPolicy

from application.errors import Unavailable

DEFAULT_TIMEOUT_S = 1.0
"""Connect, reply and pool-wait budget. Redis answers in well under a millisecond, so a second
of silence means the server is gone or stalled; every HTTP request waits on the rate limiter,
and a 503 after a second is better than a request that hangs with the server."""

DEFAULT_MAX_CONNECTIONS = 8
"""coredis multiplexes commands over pooled connections, so a few serve a whole process."""

RECONNECT_DELAY_S = 0.01

UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    RedisConnectionError,  # refused, reset, lost mid-reply, LOADING after a restart
    TimeoutError,  # no reply (or no free connection) within the budget
    ReadOnlyError,  # reached a replica during a failover: writes work again once it settles
)


def connect(
    url: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> coredis.Redis[bytes]:
    """A client for ``url`` (``redis://[:password@]host:port/db``); no I/O happens here.

    coredis 6 clients must be entered (``async with client:``) before use and exited in the
    same task; ``open_client`` does that for callers that cannot promise one task.

    Responses stay bytes (values are msgpack). A lost connection is retried once, on a fresh
    connection, because after a server restart the pooled ones are stale; a timeout is not
    retried, so one call waits at most about twice ``timeout_s`` (connect, then retry).
    """
    return coredis.Redis.from_url(
        url,
        decode_responses=False,
        connect_timeout=timeout_s,
        stream_timeout=timeout_s,
        pool_timeout=timeout_s,
        max_connections=max_connections,
        client_name="parley",
        retry_policy=ConstantRetryPolicy(
            (RedisConnectionError,), retries=1, delay=RECONNECT_DELAY_S
        ),
    )


@asynccontextmanager
async def open_client(
    url: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> AsyncIterator[coredis.Redis[bytes]]:
    """A ``connect``-ed client, kept entered by a task of its own until this block exits.

    coredis ties a client to an anyio task group, which must be left by the task that entered
    it. Start-up and shutdown often run in different tasks (dependency-injector gathers
    resource initialisers, pytest-asyncio runs fixture setup and teardown separately), so a
    dedicated task owns the client's lifetime and any task may open or close this block. No
    I/O happens on entry: the first command connects, so a server that is down at start-up
    yields ``Unavailable`` per request rather than a process that refuses to start.
    """
    client = connect(url, timeout_s=timeout_s, max_connections=max_connections)
    entered: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    leave = asyncio.Event()

    async def hold() -> None:
        async with client:
            entered.set_result(None)
            await leave.wait()

    holder = asyncio.create_task(hold(), name=f"redis client {client.connection_pool}")
    await asyncio.wait([holder, entered], return_when=asyncio.FIRST_COMPLETED)
    if holder.done():
        holder.result()  # entering failed: re-raise why
    try:
        yield client
    finally:
        leave.set()
        await holder


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn "the server is not there right now" into ``Unavailable``; leave the rest alone.

    Anything else (a wrong type under a key, a script error) is a bug in this package, and
    hiding it behind a retryable 503 would only make it harder to find.
    """
    try:
        yield
    except UNAVAILABLE_ERRORS as error:
        raise Unavailable from error
