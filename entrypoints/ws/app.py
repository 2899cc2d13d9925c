"""The ws service as a Litestar app: ``/subscribe`` (the gateway), ``/metrics``, ``/healthz``.

Served alone it answers at its root, as GoChat's ws service does; behind ``parley run`` the
edge strips ``/ws``, so clients use ``/ws/subscribe``. A plain (non-upgrade) request to
``/subscribe`` gets GoChat's ``426 Upgrade Required``.
"""

import inspect
from typing import TYPE_CHECKING, Any

from litestar import Litestar, Response, WebSocket, get, websocket
from typing_extensions import override

from entrypoints.common.app import healthz
from entrypoints.common.errors import EXCEPTION_HANDLERS
from entrypoints.common.http import TEXT
from entrypoints.ws.connection import Connection, Disconnected, Socket
from entrypoints.ws.container import WsContainer

if TYPE_CHECKING:
    from entrypoints.ws.gateway import Gateway

UPGRADE_REQUIRED = 426
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


class LitestarSocket(Socket):
    """The connection's view of a Litestar ``WebSocket``: text/bytes in, text/bytes out."""

    def __init__(self, socket: WebSocket[Any, Any, Any]) -> None:
        self._socket = socket

    @override
    async def accept(self) -> None:
        await self._socket.accept()

    @override
    async def receive(self) -> str | bytes | Disconnected:
        message = await self._socket.receive()
        if message["type"] != "websocket.receive":
            code = message.get("code")
            return Disconnected(code if isinstance(code, int) else 1006)
        text = message.get("text")
        return text if text is not None else message.get("bytes") or b""

    @override
    async def send(self, data: bytes, *, binary: bool) -> None:
        await self._socket.send_data(data, mode="binary" if binary else "text")

    @override
    async def close(self, code: int, reason: str) -> None:
        await self._socket.close(code, reason)


def create_app(container: WsContainer) -> Litestar:
    """The gateway; its ``Gateway`` is built and started in the app's lifespan."""
    holder: dict[str, Gateway] = {}

    async def start() -> None:
        gateway = container.gateway()
        if inspect.isawaitable(gateway):
            gateway = await gateway
        gateway.start()
        holder["gateway"] = gateway

    async def stop() -> None:
        gateway = holder.pop("gateway", None)
        if gateway is not None:
            await gateway.stop()

    @websocket("/subscribe")
    async def subscribe(socket: WebSocket[Any, Any, Any]) -> None:
        compress = socket.query_params.get("compress", "").lower() == "zlib-stream"
        await Connection(LitestarSocket(socket), holder["gateway"], compress=compress).serve()

    @get("/subscribe", media_type=TEXT, sync_to_thread=False, include_in_schema=False)
    def upgrade_required() -> Response[str]:
        return Response("Upgrade Required", status_code=UPGRADE_REQUIRED, media_type=TEXT)

    @get("/metrics", media_type=PROMETHEUS_TEXT, sync_to_thread=False, include_in_schema=False)
    def metrics() -> str:
        gateway = holder.get("gateway")
        return gateway.metrics.render() if gateway is not None else ""

    return Litestar(
        route_handlers=[healthz, subscribe, upgrade_required, metrics],
        on_startup=[start],
        on_shutdown=[stop],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=None,
        debug=False,
        logging_config=None,
    )
