"""Fan-out: one bus subscription per subject per process, shared by every local session.

A subject is subscribed on the bus when its first local session needs it and unsubscribed
when the last one leaves (spec §8.5). The bus callback only queues the frame; one dispatcher
task decides the recipients (``routing``) and hands the same bytes object to each session,
so a frame is encoded once, by its publisher, whatever the number of sockets. Sessions never
block the dispatcher: each socket has its own bounded queue (``connection``).
"""

import asyncio
import contextlib
import functools
import logging

from application.ports.event_subscriber import EventSubscriber, Unsubscribe
from entrypoints.ws.metrics import Metrics
from entrypoints.ws.protocol import Close
from entrypoints.ws.routing import route
from entrypoints.ws.session import Session
from entrypoints.ws.visibility import ViewerCache

log = logging.getLogger("parley.ws")


class _Topic:
    __slots__ = ("members", "opening", "subject", "unsubscribe")

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self.members: set[Session] = set()
        self.opening: asyncio.Future[None] | None = None
        self.unsubscribe: Unsubscribe | None = None


class Hub:
    def __init__(
        self,
        subscriber: EventSubscriber,
        viewers: ViewerCache,
        metrics: Metrics,
        *,
        inbox_size: int,
    ) -> None:
        self._subscriber = subscriber
        self._viewers = viewers
        self._metrics = metrics
        self._topics: dict[str, _Topic] = {}
        self._inbox: asyncio.Queue[tuple[_Topic, bytes]] = asyncio.Queue(inbox_size)
        self._dispatcher: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._dispatcher = asyncio.create_task(self._dispatch(), name="ws-hub")

    async def stop(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            await asyncio.gather(self._dispatcher, return_exceptions=True)
        topics, self._topics = list(self._topics.values()), {}
        self._metrics.topics = 0
        await asyncio.gather(*(self._close(topic) for topic in topics), return_exceptions=True)

    def subscribers(self, subject: str) -> int:
        topic = self._topics.get(subject)
        return 0 if topic is None else len(topic.members)

    async def attach(self, session: Session, subject: str) -> None:
        """Deliver ``subject``'s frames to ``session``; raise ``Unavailable`` if the bus is down."""
        if subject in session.subjects:
            return
        topic = self._topics.get(subject)
        if topic is None:
            topic = self._topics[subject] = _Topic(subject)
            topic.opening = asyncio.ensure_future(self._open(topic))
            self._metrics.topics = len(self._topics)
        topic.members.add(session)
        session.subjects.add(subject)
        opening = topic.opening
        assert opening is not None  # noqa: S101 - set right after the topic is made
        try:
            await asyncio.shield(opening)
        except Exception:
            await self.detach(session, subject)
            raise

    async def detach(self, session: Session, subject: str) -> None:
        session.subjects.discard(subject)
        topic = self._topics.get(subject)
        if topic is None or session not in topic.members:
            return
        topic.members.discard(session)
        if topic.members:
            return
        del self._topics[subject]
        self._metrics.topics = len(self._topics)
        await self._close(topic)

    async def detach_all(self, session: Session) -> None:
        for subject in list(session.subjects):
            await self.detach(session, subject)

    async def _open(self, topic: _Topic) -> None:
        deliver = functools.partial(self._receive, topic)
        topic.unsubscribe = await self._subscriber.subscribe(topic.subject, deliver)

    async def _close(self, topic: _Topic) -> None:
        """Drop the bus subscription once it is open (a new topic may already replace it)."""
        if topic.opening is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(topic.opening)
        if topic.unsubscribe is not None:
            try:
                await topic.unsubscribe()
            except Exception:
                log.exception("unsubscribing from %s failed", topic.subject)

    async def _receive(self, topic: _Topic, _subject: str, frame: bytes) -> None:
        """The bus callback: queue only, never wait (a slow fan-out must not stall the bus)."""
        if not topic.members:
            return
        try:
            self._inbox.put_nowait((topic, frame))
        except asyncio.QueueFull:
            self._metrics.inbox_overflows += 1
            log.error("fan-out is behind; a frame on %s is lost", topic.subject)
            for session in list(topic.members):
                session.gap = True
                if session.outlet is not None:
                    session.outlet.abort(Close.INTERNAL_ERROR)

    async def _dispatch(self) -> None:
        while True:
            topic, frame = await self._inbox.get()
            try:
                await self._fan_out(topic, frame)
            except Exception:
                log.exception("fan-out of a frame on %s failed", topic.subject)

    async def _fan_out(self, topic: _Topic, frame: bytes) -> None:
        members = list(topic.members)
        if not members or not frame.startswith(b"{"):
            return
        self._metrics.bus_frames += 1
        decided = await route(topic.subject, frame, members, self._viewers)
        self._metrics.frames_withheld += len(members) - len(decided.recipients)
        for session in decided.recipients:
            if session in topic.members:  # it may have left while visibility was loading
                session.deliver(frame)
        if decided.removed_user is not None:
            await self._expel(topic.subject, decided.removed_user, members)

    async def _expel(self, subject: str, user_id: int, members: list[Session]) -> None:
        """A member left or was removed: their sessions stop following the guild at once."""
        guild_id = int(subject.removeprefix("guild."))
        for session in members:
            if session.user_id != user_id:
                continue
            session.guilds.discard(guild_id)
            await self.detach(session, subject)
            grant = session.channel
            if grant is not None and grant.guild_id == guild_id:
                session.channel = None
                await self.detach(session, f"channel.{grant.channel_id}")
