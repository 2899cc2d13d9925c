"""A gateway session: what one client follows, and the numbered frames it was sent.

A session outlives its socket by the resume window: while detached it stays subscribed and
keeps numbering and buffering frames, so a client that comes back with its session id and
the last sequence number it saw gets exactly the frames it missed, in order.
"""

from collections import deque
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from application.use_cases.gateway.authorize_channel import ChannelGrant


class Outlet(Protocol):
    """Where an attached session's frames go: the socket's outbound queue (never blocks)."""

    def push(self, seq: int, frame: bytes) -> None: ...

    def abort(self, code: int) -> None:
        """Close the socket with ``code`` soon (frames were lost or piled up)."""


def numbered(seq: int, frame: bytes) -> bytes:
    """``{"s":seq,`` + the frame without its ``{``: the frame's JSON is never re-encoded."""
    return b'{"s":%d,' % seq + frame[1:]


class Session:
    __slots__ = (
        "_buffer",
        "channel",
        "detached_at",
        "gap",
        "guilds",
        "outlet",
        "seq",
        "session_id",
        "subjects",
        "user_id",
        "watching",
    )

    def __init__(self, user_id: int, session_id: str, *, replay_frames: int) -> None:
        self.user_id = user_id
        self.session_id = session_id
        self.subjects: set[str] = set()
        """Every bus subject the hub delivers to this session."""
        self.channel: ChannelGrant | None = None
        """The one channel slot of op 5."""
        self.guilds: set[int] = set()
        self.watching: set[int] = set()
        """Users whose presence this session follows (op 6)."""
        self.seq = 0
        self._buffer: deque[tuple[int, bytes]] = deque(maxlen=replay_frames)
        self.gap = False
        """A frame meant for this session was lost, so it cannot be resumed."""
        self.outlet: Outlet | None = None
        self.detached_at: float | None = None

    @property
    def key(self) -> tuple[int, str]:
        return self.user_id, self.session_id

    def deliver(self, frame: bytes) -> None:
        """Number the frame, keep it for a resume, and pass it to the socket if one is attached.

        The buffer holds the frame object the hub shares among all its recipients; only the
        socket's copy carries this session's number.
        """
        self.seq += 1
        self._buffer.append((self.seq, frame))
        if self.outlet is not None:
            self.outlet.push(self.seq, frame)

    def replay_after(self, seq: int) -> list[tuple[int, bytes]] | None:
        """The frames numbered after ``seq``, or None when some of them are no longer kept."""
        if self.gap or not 0 <= seq <= self.seq:
            return None
        oldest = self._buffer[0][0] if self._buffer else self.seq + 1
        if seq + 1 < oldest:
            return None
        return [(n, frame) for n, frame in self._buffer if n > seq]
