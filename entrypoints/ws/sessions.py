"""Sessions by (user, session id): handed to sockets, kept for a resume, expired after it.

A session whose socket dropped (or was closed as too slow, or timed out) stays subscribed for
``resume_window_s``, numbering and buffering its frames. A hello carrying its session id and
the last sequence number the client saw takes it over and gets the missed frames; one whose
frames are no longer all kept gets a fresh session and ``resumed: false`` (refetch). Sessions
live in this process only: a client resuming on another gateway process is told to refetch.
"""

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from entrypoints.ws.hub import Hub
from entrypoints.ws.metrics import Metrics
from entrypoints.ws.protocol import Close
from entrypoints.ws.session import Outlet, Session

SWEEP_EVERY_S = 1.0


@dataclass(frozen=True, slots=True)
class Opened:
    session: Session
    replay: list[tuple[int, bytes]] = field(default_factory=list)
    resumed: bool | None = None
    """None when no resume was asked for; else whether the frames after ``seq`` follow."""


class Sessions:
    def __init__(
        self,
        hub: Hub,
        metrics: Metrics,
        *,
        resume_window_s: float,
        replay_frames: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._hub = hub
        self._metrics = metrics
        self._window_s = resume_window_s
        self._replay_frames = replay_frames
        self._clock = clock
        self._sessions: dict[tuple[int, str], Session] = {}
        self._detached: set[Session] = set()
        self._sweeper: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="ws-sessions")

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            await asyncio.gather(self._sweeper, return_exceptions=True)
        for session in list(self._sessions.values()):
            await self._discard(session)

    def get(self, user_id: int, session_id: str) -> Session | None:
        return self._sessions.get((user_id, session_id))

    async def open(self, user_id: int, session_id: str, resume_seq: int | None) -> Opened:
        """The session a hello gets; a socket still holding it is closed as replaced.

        On a successful resume nothing is awaited between reading the replay and returning,
        so the caller can attach its socket before any newer frame is delivered.
        """
        existing = self._sessions.get((user_id, session_id))
        if existing is not None and existing.outlet is not None:
            existing.outlet.abort(Close.SESSION_REPLACED)
            existing.outlet = None
        if resume_seq is not None and existing is not None:
            replay = existing.replay_after(resume_seq)
            if replay is not None:
                self._mark(existing, detached_at=None)
                self._metrics.resumes["resumed"] += 1
                return Opened(existing, replay, resumed=True)
        if existing is not None:
            await self._discard(existing)
        session = Session(user_id, session_id, replay_frames=self._replay_frames)
        self._sessions[session.key] = session
        if resume_seq is None:
            return Opened(session)
        self._metrics.resumes["refetch"] += 1
        return Opened(session, resumed=False)

    async def release(self, session: Session, outlet: Outlet, *, resumable: bool) -> None:
        """The socket holding ``session`` closed: keep it for a resume, or end it."""
        if self._sessions.get(session.key) is not session or session.outlet is not outlet:
            return  # another socket took the session over
        session.outlet = None
        if resumable and not session.gap:
            self._mark(session, detached_at=self._clock())
        else:
            await self._discard(session)

    async def sweep(self) -> None:
        """End the detached sessions whose window passed (or that lost frames)."""
        deadline = self._clock() - self._window_s
        for session in list(self._detached):
            detached = session.detached_at
            if detached is not None and (detached <= deadline or session.gap):
                await self._discard(session)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_EVERY_S)
            with contextlib.suppress(Exception):
                await self.sweep()

    async def _discard(self, session: Session) -> None:
        if self._sessions.get(session.key) is session:
            del self._sessions[session.key]
        self._mark(session, detached_at=None)
        await self._hub.detach_all(session)

    def _mark(self, session: Session, *, detached_at: float | None) -> None:
        session.detached_at = detached_at
        if detached_at is None:
            self._detached.discard(session)
        else:
            self._detached.add(session)
        self._metrics.detached_sessions = len(self._detached)
