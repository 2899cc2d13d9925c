"""One gateway socket: hello, heartbeats, client ops, and a writer fed by a bounded queue.

Three tasks per socket: the reader (client frames, deadlines, limits), the writer (the only
one that sends, so frames keep their order and the zlib stream stays whole), and a watcher of
the close request. Anything may ask to close (``abort``); the first code wins. The hub pushes
frames without waiting: a socket whose queue is full is closed as too slow (4011) and its
session kept, so the client can resume and get the frames it missed.
"""

import asyncio
import contextlib
import logging
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import msgspec

from application.errors import AppError, Unauthorized
from application.use_cases.gateway.end_presence import EndPresence
from application.use_cases.gateway.identify import Identify
from application.wire.events import Op, user_subject
from application.wire.gateway import HelloReply, hello
from entrypoints.ws.gateway import Gateway
from entrypoints.ws.ops import Ops
from entrypoints.ws.protocol import (
    CLIENT_OPS,
    REASONS,
    RESUMABLE,
    Close,
    Envelope,
    HelloBody,
    decode_body,
)
from entrypoints.ws.session import Session, numbered

log = logging.getLogger("parley.ws")

_envelope = msgspec.json.Decoder(Envelope)


@dataclass(frozen=True, slots=True)
class Disconnected:
    """The client closed (``code`` as it sent it) or the connection dropped (1006)."""

    code: int = 1006


ENDED_BY_CLIENT = frozenset({1000, 1001})
"""A client closing on purpose (a logout, a closed tab) ends its session: no resume."""


class Socket(Protocol):
    async def accept(self) -> None: ...

    async def receive(self) -> str | bytes | Disconnected:
        """The next client message, or how the client went away."""

    async def send(self, data: bytes, *, binary: bool) -> None:
        """One message: a text frame of UTF-8 JSON, or a binary one (compressed streams)."""

    async def close(self, code: int, reason: str) -> None: ...


class Connection:
    def __init__(self, socket: Socket, gateway: Gateway, *, compress: bool) -> None:
        self._socket = socket
        self._gateway = gateway
        self._config = gateway.config
        self._out: deque[bytes] = deque()
        self._ready = asyncio.Event()
        self._compressor = zlib.compressobj(1) if compress else None
        self._close_code: int | None = None
        self._closing = asyncio.Event()
        self._gone = False
        self._ended = False
        self._arrivals: deque[float] = deque(maxlen=self._config.rate_frames + 1)
        self.session: Session | None = None
        self.ops: Ops | None = None

    # -- the hub's side (``Outlet``) ------------------------------------------------------

    def push(self, seq: int, frame: bytes) -> None:
        if self._close_code is not None:
            return
        if len(self._out) >= self._config.queue_size:
            self.abort(Close.SLOW_CONSUMER)
            return
        self._enqueue(numbered(seq, frame))

    def abort(self, code: int) -> None:
        if self._close_code is None:
            self._close_code = code
            self._closing.set()

    def _enqueue(self, data: bytes) -> None:
        self._out.append(data)
        self._ready.set()

    # -- lifecycle ---------------------------------------------------------------------------

    async def serve(self) -> None:
        await self._socket.accept()
        self._gateway.opened(self)
        writer = asyncio.create_task(self._write_loop())
        reader = asyncio.create_task(self._read_loop())
        closing = asyncio.create_task(self._closing.wait())
        try:
            await asyncio.wait({writer, reader, closing}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reader, closing, writer):
                task.cancel()
            await asyncio.gather(reader, closing, writer, return_exceptions=True)
            if self._close_code is not None and not self._gone:
                await self._close_socket(self._close_code)
            try:
                await self._release()
            finally:
                self._gateway.closed(self, self._close_code)

    async def _close_socket(self, code: int) -> None:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self._config.write_timeout_s):
                await self._socket.close(code, REASONS.get(Close(code), ""))

    async def _release(self) -> None:
        session = self.session
        if session is None:
            return
        code = self._close_code
        replaced = code == Close.SESSION_REPLACED
        resumable = not replaced and not self._ended and (code is None or code in RESUMABLE)
        await self._gateway.sessions.release(session, self, resumable=resumable)
        if self.ops is not None and self.ops.presence_set and not replaced:
            try:
                command = EndPresence(actor_id=session.user_id, session_id=session.session_id)
                await self._gateway.end_presence(command)
            except Exception:
                log.exception("presence of a closed session could not be ended")

    async def _write_loop(self) -> None:
        while True:
            while not self._out:
                self._ready.clear()
                await self._ready.wait()
            data = self._out.popleft()
            zipper = self._compressor
            if zipper is not None:
                data = zipper.compress(data) + zipper.flush(zlib.Z_SYNC_FLUSH)
            try:
                async with asyncio.timeout(self._config.write_timeout_s):
                    await self._socket.send(data, binary=zipper is not None)
            except TimeoutError:
                self.abort(Close.SLOW_CONSUMER)
                return
            except Exception:  # noqa: BLE001 - whatever the server raises, the client is gone
                self._gone = True
                return
            self._gateway.metrics.frames_sent += 1

    # -- reading ------------------------------------------------------------------------------

    async def _read_loop(self) -> None:
        loop = asyncio.get_running_loop()
        hello_by = loop.time() + self._config.hello_timeout_s
        while self.ops is None:
            envelope = await self._next(lambda: hello_by, Close.HELLO_TIMEOUT)
            if envelope is None:
                return
            if envelope.op == Op.HELLO:
                await self._hello(envelope)
            if self._close_code is not None:
                return
        ops = self.ops
        ops.deadline = loop.time() + self._config.heartbeat_timeout_s
        while True:
            envelope = await self._next(lambda: ops.deadline, Close.HEARTBEAT_TIMEOUT)
            if envelope is None:
                return
            await ops.handle(envelope)
            if self._close_code is not None:
                return

    async def _next(self, deadline: Callable[[], float], late: Close) -> Envelope | None:
        """The next valid client envelope; None once the socket is closing or gone."""
        while True:
            try:
                async with asyncio.timeout_at(deadline()):
                    message = await self._socket.receive()
            except TimeoutError:
                self.abort(late)
                return None
            if isinstance(message, Disconnected):
                self._gone = True
                self._ended = message.code in ENDED_BY_CLIENT
                return None
            data = message.encode() if isinstance(message, str) else message
            if not self._admit(len(data)):
                return None
            if isinstance(message, str):  # binary frames are ignored, as in GoChat
                return self._decode(data)

    def _admit(self, size: int) -> bool:
        if size > self._config.max_frame_bytes:
            self.abort(Close.FRAME_TOO_LARGE)
            return False
        now = asyncio.get_running_loop().time()
        self._arrivals.append(now)
        full = len(self._arrivals) == self._arrivals.maxlen
        if full and now - self._arrivals[0] < self._config.rate_window_s:
            self.abort(Close.RATE_LIMITED)
            return False
        return True

    def _decode(self, data: bytes) -> Envelope | None:
        try:
            envelope = _envelope.decode(data)
        except msgspec.DecodeError:
            self.abort(Close.DECODE_ERROR)
            return None
        if envelope.op not in CLIENT_OPS:
            self.abort(Close.UNKNOWN_OPCODE)
            return None
        return envelope

    async def _hello(self, envelope: Envelope) -> None:
        body = decode_body(envelope, HelloBody)
        if body is None:
            self.abort(Close.AUTHENTICATION_FAILED)
            return
        command = Identify(token=body.token, session_id=body.heartbeat_session_id or None)
        try:
            identity = await self._gateway.identify(command)
        except Unauthorized:
            self.abort(Close.AUTHENTICATION_FAILED)
            return
        except AppError:
            log.exception("hello could not be checked")
            self.abort(Close.INTERNAL_ERROR)
            return
        opened = await self._gateway.sessions.open(identity.user_id, identity.session_id, body.seq)
        session = opened.session
        asked = body.seq is not None
        reply = HelloReply(
            heartbeat_interval=self._config.heartbeat_interval_ms,
            session_id=session.session_id,
            seq=(body.seq if opened.resumed else session.seq) if asked else None,
            resumed=opened.resumed,
        )
        # No await from ``open`` to here: the replay and then live frames follow the reply.
        self._enqueue(hello(reply))
        for seq, frame in opened.replay:
            self._enqueue(numbered(seq, frame))
        session.outlet = self
        self.session = session
        self.ops = Ops(self._gateway, session)
        if not opened.resumed:
            await self._follow(session, user_subject(session.user_id))

    async def _follow(self, session: Session, subject: str) -> None:
        try:
            await self._gateway.hub.attach(session, subject)
        except AppError:
            log.exception("could not subscribe to %s", subject)
            self.abort(Close.INTERNAL_ERROR)
