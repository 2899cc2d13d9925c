"""The gateway in process over the memory fakes, with a scripted socket instead of a network.

``FakeSocket`` is what ``Connection`` reads from and writes to: the test queues client
frames, reads what the server sent, and can make sending hang to play a slow client.
"""

import asyncio
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from adapters.memory.event_subscriber import MemoryEventSubscriber
from adapters.memory.presence_store import MemoryPresenceStore
from application.use_cases.gateway.authorize_channel import AuthorizeChannelHandler
from application.use_cases.gateway.authorize_guilds import AuthorizeGuildsHandler
from application.use_cases.gateway.bind_voice import BindVoiceHandler
from application.use_cases.gateway.channel_viewers import ChannelViewersHandler
from application.use_cases.gateway.end_presence import EndPresenceHandler
from application.use_cases.gateway.identify import IdentifyHandler
from application.use_cases.gateway.presence_snapshots import PresenceSnapshotsHandler
from application.use_cases.gateway.touch_presence import TouchPresenceHandler
from application.use_cases.gateway.update_presence import UpdatePresenceHandler
from entrypoints.ws.config import GatewayConfig
from entrypoints.ws.connection import Connection, Disconnected
from entrypoints.ws.gateway import Gateway
from tests.unit.fakes import Fakes

WAIT_S = 2.0


@dataclass
class FakeSocket:
    inbox: asyncio.Queue[str | bytes | Disconnected] = field(default_factory=asyncio.Queue)
    sent: list[bytes] = field(default_factory=list)
    close_code: int | None = None
    stalled: bool = False
    binary: bool = False
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _inflater: Any = field(default_factory=zlib.decompressobj)

    async def accept(self) -> None:
        return None

    async def receive(self) -> str | bytes | Disconnected:
        return await self.inbox.get()

    async def send(self, data: bytes, *, binary: bool) -> None:
        if self.stalled:
            await asyncio.Event().wait()  # a client that never reads again
        self.binary = binary
        self.sent.append(self._inflater.decompress(data) if binary else data)
        self._arrived.set()

    async def close(self, code: int, reason: str) -> None:
        assert reason
        self.close_code = code

    # -- the test's side ------------------------------------------------------------------

    def client(self, op: int, d: Any = None, t: int | None = None) -> None:
        frame: dict[str, Any] = {"op": op, "d": d}
        if t is not None:
            frame["t"] = t
        self.inbox.put_nowait(json.dumps(frame))

    def raw(self, data: str | bytes) -> None:
        self.inbox.put_nowait(data)

    def hang_up(self, code: int = 1006) -> None:
        """The connection drops (1006), or the client closes with ``code``."""
        self.inbox.put_nowait(Disconnected(code))

    async def frame(self) -> dict[str, Any]:
        async with asyncio.timeout(WAIT_S):
            while not self.sent:
                self._arrived.clear()
                await self._arrived.wait()
        decoded: dict[str, Any] = json.loads(self.sent.pop(0))
        return decoded

    async def frames_until(self, predicate: Any) -> list[dict[str, Any]]:
        seen = [await self.frame()]
        while not predicate(seen[-1]):
            seen.append(await self.frame())
        return seen


def build_gateway(fakes: Fakes, config: GatewayConfig) -> Gateway:
    presence = MemoryPresenceStore(fakes.clock)
    common = {"presence": presence, "events": fakes.events, "clock": fakes.clock, "ttl_s": 70}
    return Gateway(
        config=config,
        subscriber=MemoryEventSubscriber(fakes.events),
        identify=IdentifyHandler(tokens=fakes.tokens, uow=fakes.uow, random=fakes.random),
        authorize_channel=AuthorizeChannelHandler(uow=fakes.uow),
        authorize_guilds=AuthorizeGuildsHandler(uow=fakes.uow),
        channel_viewers=ChannelViewersHandler(uow=fakes.uow),
        update_presence=UpdatePresenceHandler(**common),  # type: ignore[arg-type]
        touch_presence=TouchPresenceHandler(presence=presence, ttl_s=70),
        end_presence=EndPresenceHandler(**common),  # type: ignore[arg-type]
        presence_snapshots=PresenceSnapshotsHandler(presence=presence, clock=fakes.clock),
        bind_voice=BindVoiceHandler(**common),  # type: ignore[arg-type]
    )


@dataclass
class Served:
    socket: FakeSocket
    task: asyncio.Task[None]

    async def closed(self) -> int | None:
        async with asyncio.timeout(WAIT_S):
            await self.task
        return self.socket.close_code


def serve(gateway: Gateway, *, compress: bool = False) -> Served:
    socket = FakeSocket()
    task = asyncio.create_task(Connection(socket, gateway, compress=compress).serve())
    return Served(socket, task)


async def hello(served: Served, token: str, **extra: Any) -> dict[str, Any]:
    served.socket.client(1, {"token": token, **extra})
    reply = await served.socket.frame()
    assert reply["op"] == 1, reply
    return reply
