"""Everything a socket needs, in one object: the use cases, the hub, the sessions, the limits.

The container builds one per process; ``start``/``stop`` run in the app's lifespan. On stop
every socket is closed with 1001 (going away) before the bus subscriptions are dropped.
"""

import asyncio
import logging
from typing import Protocol

from application.ports.event_subscriber import EventSubscriber
from application.use_cases.gateway.authorize_channel import AuthorizeChannelHandler
from application.use_cases.gateway.authorize_guilds import AuthorizeGuildsHandler
from application.use_cases.gateway.bind_voice import BindVoiceHandler
from application.use_cases.gateway.channel_viewers import ChannelViewers, ChannelViewersHandler
from application.use_cases.gateway.end_presence import EndPresenceHandler
from application.use_cases.gateway.identify import IdentifyHandler
from application.use_cases.gateway.presence_snapshots import PresenceSnapshotsHandler
from application.use_cases.gateway.touch_presence import TouchPresenceHandler
from application.use_cases.gateway.update_presence import UpdatePresenceHandler
from entrypoints.ws.config import GatewayConfig
from entrypoints.ws.hub import Hub
from entrypoints.ws.metrics import Metrics
from entrypoints.ws.protocol import Close
from entrypoints.ws.sessions import Sessions
from entrypoints.ws.visibility import ViewerCache

log = logging.getLogger("parley.ws")

SHUTDOWN_GRACE_S = 5.0


class Closable(Protocol):
    def abort(self, code: int) -> None: ...


class Gateway:
    def __init__(
        self,
        *,
        config: GatewayConfig,
        subscriber: EventSubscriber,
        identify: IdentifyHandler,
        authorize_channel: AuthorizeChannelHandler,
        authorize_guilds: AuthorizeGuildsHandler,
        channel_viewers: ChannelViewersHandler,
        update_presence: UpdatePresenceHandler,
        touch_presence: TouchPresenceHandler,
        end_presence: EndPresenceHandler,
        presence_snapshots: PresenceSnapshotsHandler,
        bind_voice: BindVoiceHandler,
    ) -> None:
        self.config = config
        self.metrics = Metrics()
        self.identify = identify
        self.authorize_channel = authorize_channel
        self.authorize_guilds = authorize_guilds
        self.update_presence = update_presence
        self.touch_presence = touch_presence
        self.end_presence = end_presence
        self.presence_snapshots = presence_snapshots
        self.bind_voice = bind_voice
        self._viewers_of = channel_viewers
        viewers = ViewerCache(self._load_viewers, ttl_s=config.viewer_ttl_s, metrics=self.metrics)
        self.hub = Hub(subscriber, viewers, self.metrics, inbox_size=config.inbox_size)
        self.sessions = Sessions(
            self.hub,
            self.metrics,
            resume_window_s=config.resume_window_s,
            replay_frames=config.replay_frames,
        )
        self.sockets: set[Closable] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    async def _load_viewers(self, channel_id: int, user_ids: list[int]) -> frozenset[int]:
        return await self._viewers_of(ChannelViewers(channel_id=channel_id, user_ids=user_ids))

    def opened(self, socket: Closable) -> None:
        self.sockets.add(socket)
        self._idle.clear()
        self.metrics.active_clients = len(self.sockets)

    def closed(self, socket: Closable, code: int | None) -> None:
        self.sockets.discard(socket)
        self.metrics.active_clients = len(self.sockets)
        if code is not None:
            self.metrics.closes[code] += 1
        if not self.sockets:
            self._idle.set()

    def start(self) -> None:
        self.hub.start()
        self.sessions.start()

    async def stop(self) -> None:
        for socket in list(self.sockets):
            socket.abort(Close.GOING_AWAY)
        try:
            async with asyncio.timeout(SHUTDOWN_GRACE_S):
                await self._idle.wait()
        except TimeoutError:
            log.warning("%d sockets still open at shutdown", len(self.sockets))
        await self.sessions.stop()
        await self.hub.stop()
