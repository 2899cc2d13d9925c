"""Client ops after hello (spec §8.3): heartbeat, presence, subscriptions, RTC binding.

A refused or failing op is logged and ignored, as GoChat does; only protocol violations
(``connection``) close the socket. Op 1 after hello and op 4 are ignored.
"""

import asyncio
import logging
from typing import TYPE_CHECKING

from application.errors import AppError, Forbidden, NotFound
from application.use_cases.gateway.authorize_channel import AuthorizeChannel
from application.use_cases.gateway.authorize_guilds import AuthorizeGuilds
from application.use_cases.gateway.bind_voice import BindVoice
from application.use_cases.gateway.presence_snapshots import PresenceSnapshots
from application.use_cases.gateway.touch_presence import TouchPresence
from application.use_cases.gateway.update_presence import UpdatePresence
from application.wire.events import Op, channel_subject, guild_subject
from application.wire.gateway import presence_frame, presence_subject
from entrypoints.ws.gateway import Gateway
from entrypoints.ws.protocol import (
    RTC_BINDING_ALIVE,
    Envelope,
    HeartbeatBody,
    PresenceBody,
    PresenceSubscriptionBody,
    RtcBody,
    SubscriptionBody,
    decode_body,
)
from entrypoints.ws.session import Session

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

log = logging.getLogger("parley.ws")


class Ops:
    def __init__(self, gateway: Gateway, session: Session) -> None:
        self._gateway = gateway
        self._config = gateway.config
        self._hub = gateway.hub
        self._session = session
        self.deadline = 0.0
        """When the socket is closed unless a heartbeat arrives first."""
        self.presence_set = False
        self._last_e = 0
        self._touched_at = 0.0
        self._handlers: dict[int, Callable[[Envelope], Awaitable[None]]] = {
            Op.HEARTBEAT: self._heartbeat,
            Op.PRESENCE: self._presence,
            Op.CHANNEL_SUBSCRIPTION: self._subscribe,
            Op.PRESENCE_SUBSCRIPTION: self._watch,
            Op.RTC: self._rtc,
        }

    async def handle(self, envelope: Envelope) -> None:
        handler = self._handlers.get(envelope.op)
        if handler is None:
            return
        try:
            await handler(envelope)
        except AppError as error:
            log.info("op %s of user %s refused: %s", envelope.op, self._session.user_id, error)
        except Exception:
            log.exception("op %s of user %s failed", envelope.op, self._session.user_id)

    async def _heartbeat(self, envelope: Envelope) -> None:
        """``e`` at least the last one seen pushes the deadline back (GoChat's rule)."""
        body = decode_body(envelope, HeartbeatBody)
        if body is None or body.e < self._last_e:
            return
        self._last_e = body.e
        now = asyncio.get_running_loop().time()
        self.deadline = now + self._config.heartbeat_timeout_s
        if self.presence_set and now - self._touched_at > self._config.presence_touch_every_s:
            self._touched_at = now
            await self._gateway.touch_presence(TouchPresence(actor_id=self._session.user_id))

    async def _presence(self, envelope: Envelope) -> None:
        body = decode_body(envelope, PresenceBody)
        if body is None:
            return
        command = UpdatePresence(
            actor_id=self._session.user_id,
            session_id=self._session.session_id,
            status=body.status,
            platform=body.platform,
            custom_status_text=body.custom_status_text,
            voice_channel_id=body.voice_channel_id,
            mute=body.mute,
            deafen=body.deafen,
        )
        if await self._gateway.update_presence(command) is not None:
            self.presence_set = True
            self._touched_at = asyncio.get_running_loop().time()

    async def _subscribe(self, envelope: Envelope) -> None:
        """One channel slot (a new channel replaces the old one) and any number of guilds."""
        body = decode_body(envelope, SubscriptionBody)
        if body is None:
            return
        session = self._session
        if body.channel:
            await self._follow_channel(body.channel)
        if body.guilds:
            query = AuthorizeGuilds(actor_id=session.user_id, guild_ids=body.guilds)
            for guild_id in await self._gateway.authorize_guilds(query):
                session.guilds.add(guild_id)
                await self._hub.attach(session, guild_subject(guild_id))

    async def _follow_channel(self, channel_id: int) -> None:
        session = self._session
        command = AuthorizeChannel(actor_id=session.user_id, channel_id=channel_id)
        try:
            grant = await self._gateway.authorize_channel(command)
        except (Forbidden, NotFound) as refusal:
            log.info("user %s may not follow channel %s: %s", session.user_id, channel_id, refusal)
            return
        previous = session.channel
        if previous is not None and previous.channel_id == grant.channel_id:
            return
        session.channel = grant
        if previous is not None:
            await self._hub.detach(session, channel_subject(previous.channel_id))
        await self._hub.attach(session, channel_subject(grant.channel_id))

    async def _watch(self, envelope: Envelope) -> None:
        """Presence subscriptions: clear, then set, then add, then remove (GoChat's order).

        Every user newly watched gets a snapshot op 3 frame on this socket only.
        """
        body = decode_body(envelope, PresenceSubscriptionBody)
        if body is None:
            return
        watching = self._session.watching
        target = set() if body.clear or body.set else set(watching)
        fresh: dict[int, None] = {}
        for user_id in [*(body.set or ()), *(body.add or ())]:
            if user_id not in target and len(target) < self._config.max_watched_users:
                target.add(user_id)
                fresh[user_id] = None
        for user_id in body.remove or ():
            target.discard(user_id)
            fresh.pop(user_id, None)
        for user_id in watching - target:
            watching.discard(user_id)
            await self._hub.detach(self._session, presence_subject(user_id))
        for user_id in fresh:
            watching.add(user_id)
            await self._hub.attach(self._session, presence_subject(user_id))
        if fresh:
            query = PresenceSnapshots(actor_id=self._session.user_id, user_ids=list(fresh))
            for presence in await self._gateway.presence_snapshots(query):
                self._session.deliver(presence_frame(presence, snapshot=True))

    async def _rtc(self, envelope: Envelope) -> None:
        if envelope.t != RTC_BINDING_ALIVE:
            return
        body = decode_body(envelope, RtcBody)
        if body is None:
            return
        command = BindVoice(
            actor_id=self._session.user_id,
            session_id=self._session.session_id,
            channel_id=body.channel,
        )
        await self._gateway.bind_voice(command)
        self.presence_set = True
