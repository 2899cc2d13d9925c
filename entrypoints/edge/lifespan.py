"""Drive an ASGI app's lifespan protocol from the outside (the edge owns its sub-apps)."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from entrypoints.common.asgi import ASGIApp, Message


@contextlib.asynccontextmanager
async def run_lifespan(app: ASGIApp) -> AsyncIterator[None]:
    """Send ``lifespan.startup`` to ``app``, wait for it, and shut it down on exit."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[Message] = asyncio.Queue()

    async def receive() -> Any:
        return await inbox.get()

    async def send(message: Message) -> None:
        await outbox.put(message)

    scope: Any = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    task: asyncio.Future[None] = asyncio.ensure_future(app(scope, receive, send))
    await inbox.put({"type": "lifespan.startup"})
    started = await outbox.get()
    if started["type"] != "lifespan.startup.complete":
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)  # collect what the app raised
        msg = f"sub-app failed to start: {started.get('message', started['type'])}"
        raise RuntimeError(msg)
    try:
        yield
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        stopped = await outbox.get()
        await task
        if stopped["type"] != "lifespan.shutdown.complete":
            msg = f"sub-app failed to stop: {stopped.get('message', stopped['type'])}"
            raise RuntimeError(msg)
