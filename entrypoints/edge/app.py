"""``parley run``: every service in one process behind one port, routed like GoChat's edge.

``/api/v1/auth/*`` → auth, ``/api/v1/*`` → api (longest prefix wins), ``/ws/*`` → ws with
``/ws`` stripped (GoChat's Traefik strips it too, so the service serves ``/subscribe``). The
edge itself answers ``/healthz`` and serves one OpenAPI document merged from every service at
``/schema/openapi.json`` with a docs UI at ``/schema``. Services stay separate apps that share
nothing but the infrastructure container, exactly as separate processes would.
"""

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import msgspec
from litestar import Litestar, MediaType, Request, Response, get
from litestar.openapi.plugins import SwaggerRenderPlugin

from entrypoints.common.asgi import ASGIApp, Receive, Scope, Send
from entrypoints.common.errors import EXCEPTION_HANDLERS
from entrypoints.common.http import TEXT
from entrypoints.edge.lifespan import run_lifespan

Route = tuple[str, ASGIApp]

log = logging.getLogger("parley.edge")


def merge_openapi(apps: Sequence[Litestar], title: str) -> dict[str, Any]:
    """One document with every service's paths and component schemas."""
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1.7.0"},
        "paths": {},
        "components": {"schemas": {}},
    }
    for app in apps:
        schema = app.openapi_schema.to_schema()
        merged["paths"].update(schema.get("paths", {}))
        merged["components"]["schemas"].update(schema.get("components", {}).get("schemas", {}))
    return merged


def docs_app(apps: Sequence[Litestar]) -> Litestar:
    """A tiny app serving the merged schema, its docs page, and ``/healthz``."""
    document: dict[str, Any] = {}
    encoded = b""

    def schema() -> bytes:
        nonlocal document, encoded
        if not encoded:
            document = merge_openapi(apps, "Parley")
            encoded = msgspec.json.encode(document)
        return encoded

    @get("/schema/openapi.json", media_type=MediaType.JSON, sync_to_thread=False)
    def openapi_json() -> Response[bytes]:
        return Response(schema(), media_type=MediaType.JSON)

    @get("/schema", media_type=MediaType.HTML, sync_to_thread=False)
    def openapi_ui(request: Request[Any, Any, Any]) -> Response[bytes]:
        schema()
        page = SwaggerRenderPlugin().render(request, document)
        return Response(page, media_type=MediaType.HTML)

    @get("/healthz", media_type=TEXT, sync_to_thread=False)
    def healthz() -> str:
        return "OK"

    return Litestar(
        [openapi_json, openapi_ui, healthz],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=None,
        logging_config=None,
    )


class StripPrefix:
    """Serves ``app`` under ``prefix``: requests reach it with the prefix taken off the path.

    Lifespan (and any other) scopes pass through untouched.
    """

    def __init__(self, prefix: str, app: ASGIApp) -> None:
        self.prefix = prefix
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] in ("http", "websocket") and path.startswith(self.prefix):
            scope = dict(scope)
            scope["path"] = path[len(self.prefix) :] or "/"
            raw = scope.get("raw_path")
            if isinstance(raw, bytes) and raw.startswith(self.prefix.encode()):
                scope["raw_path"] = raw[len(self.prefix) :] or b"/"
            scope["root_path"] = scope.get("root_path", "") + self.prefix
        await self.app(scope, receive, send)


class Edge:
    """Routes each request to the app owning the longest matching path prefix."""

    def __init__(
        self,
        routes: Sequence[Route],
        fallback: ASGIApp,
        resources: Callable[[], contextlib.AbstractAsyncContextManager[None]] | None = None,
    ) -> None:
        self._resources = resources
        self._routes = sorted(routes, key=lambda route: len(route[0]), reverse=True)
        self._fallback = fallback
        self._apps = [app for _, app in self._routes] + [fallback]

    def route(self, path: str) -> ASGIApp:
        for prefix, app in self._routes:
            if path == prefix or path.startswith(prefix + "/"):
                return app
        return self._fallback

    @contextlib.asynccontextmanager
    async def lifespan(self) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            if self._resources is not None:
                await stack.enter_async_context(self._resources())
            for app in self._apps:
                await stack.enter_async_context(run_lifespan(app))
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._serve_lifespan(receive, send)
            return
        await self.route(scope["path"])(scope, receive, send)

    async def _serve_lifespan(self, receive: Receive, send: Send) -> None:
        """Answer the server's lifespan messages; a failure is reported, not raised.

        Raising out of a lifespan call would tell the server "lifespan unsupported", and an
        ASGI server may then serve requests without the resources (the spec lets it).
        """
        message = await receive()
        assert message["type"] == "lifespan.startup"  # noqa: S101 - ASGI protocol order
        phase = "startup"
        try:
            async with self.lifespan():
                await send({"type": "lifespan.startup.complete"})
                await receive()
                phase = "shutdown"
        except Exception as error:
            log.exception("%s failed: %s", phase, error)
            await send({"type": f"lifespan.{phase}.failed", "message": f"{phase}: {error!r}"})
            return
        await send({"type": "lifespan.shutdown.complete"})
