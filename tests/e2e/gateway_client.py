"""A GoChat-style gateway client for the e2e tests (the web UI's handshake, spec CLIENTS §1.4)."""

import json
import socket
import time
import zlib
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.e2e.client import User
from tests.e2e.conftest import Platform

Frame = dict[str, Any]


class GatewayClient:
    """One socket: hello on open, then frames read one at a time (inflated when compressed)."""

    def __init__(
        self,
        platform: Platform,
        user: User | None = None,
        *,
        compress: bool = False,
        hello: dict[str, Any] | None = None,
    ) -> None:
        query = "?compress=zlib-stream" if compress else ""
        url = platform.url.replace("http://", "ws://") + "/ws/subscribe" + query
        # Entered as a context manager: websockets >= 17.1 warns about a bare connect().
        self.ws: ClientConnection = connect(url, open_timeout=10, max_size=None).__enter__()
        self._inflater = zlib.decompressobj() if compress else None
        self.hello: Frame = {}
        if user is not None:
            self.send(1, {"token": user.token, **(hello or {})})
            self.hello = self.recv()
            assert self.hello["op"] == 1, self.hello

    @property
    def session_id(self) -> str:
        return str(self.hello["d"]["session_id"])

    def send(self, op: int, d: Any, t: int | None = None) -> None:
        frame: Frame = {"op": op, "d": d}
        if t is not None:
            frame["t"] = t
        self.ws.send(json.dumps(frame))

    def send_raw(self, text: str) -> None:
        self.ws.send(text)

    def recv(self, timeout: float = 5.0) -> Frame:
        message = self.ws.recv(timeout=timeout)
        if self._inflater is not None:
            assert isinstance(message, bytes)
            message = self._inflater.decompress(message)
        frame: Frame = json.loads(message)
        return frame

    def expect(self, predicate: Callable[[Frame], bool], timeout: float = 5.0) -> Frame:
        """The first frame matching ``predicate``; earlier frames are skipped."""
        deadline = time.monotonic() + timeout
        seen: list[Frame] = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                msg = f"no matching frame within {timeout} s; got {seen}"
                raise AssertionError(msg)
            try:
                frame = self.recv(timeout=left)
            except TimeoutError:
                continue
            if predicate(frame):
                return frame
            seen.append(frame)

    def dispatch(self, t: int, timeout: float = 5.0) -> Frame:
        return self.expect(lambda f: f["op"] == 0 and f.get("t") == t, timeout)

    def drain(self, quiet_s: float = 0.5) -> list[Frame]:
        """Every frame that arrives until the socket has been quiet for ``quiet_s``."""
        frames: list[Frame] = []
        while True:
            try:
                frames.append(self.recv(timeout=quiet_s))
            except TimeoutError:
                return frames

    def closed_with(self, timeout: float = 10.0) -> int | None:
        """Wait for the server to close the socket; its close code."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.ws.recv(timeout=deadline - time.monotonic())
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        except TimeoutError:
            pass
        msg = "the server did not close the socket"
        raise AssertionError(msg)

    def subscribe(self, *, guilds: list[int] | None = None, channel: int | None = None) -> None:
        body: dict[str, Any] = {}
        if guilds is not None:
            body["guilds"] = guilds
        if channel is not None:
            body["channel"] = channel
        self.send(5, body)

    def sync(self) -> None:
        """Wait until the server has handled every frame sent so far.

        Ops have no reply, so an op 6 ``add`` of a user nobody watches is sent and its snapshot
        awaited: frames are handled in order, so everything before it is done too.
        """
        marker = 1 + int(time.monotonic_ns() % 1_000_000_000)
        self.send(6, {"add": [marker]})
        self.expect(lambda f: f["op"] == 3 and f["d"]["user_id"] == marker)
        self.send(6, {"remove": [marker]})

    def close(self) -> None:
        self.ws.close()

    def drop(self) -> None:
        """Lose the connection without a closing handshake (a network failure)."""
        self.ws.socket.shutdown(socket.SHUT_RDWR)
        self.ws.close()
