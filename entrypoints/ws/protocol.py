"""What clients send (spec §8.3) and the close codes the gateway uses (docs/gateway.md).

GoChat closed every failed socket with 1000 ``Closed`` or just dropped it; Parley says why
with a 4xxx code, so a client can tell "log in again" from "reconnect and resume".
"""

from enum import IntEnum
from typing import TypeVar

import msgspec


class Close(IntEnum):
    NORMAL = 1000
    GOING_AWAY = 1001
    """The server is shutting down; resume elsewhere or later."""
    INTERNAL_ERROR = 1011
    UNKNOWN_OPCODE = 4001
    DECODE_ERROR = 4002
    """A frame that is not a JSON object with an integer ``op``."""
    AUTHENTICATION_FAILED = 4004
    RATE_LIMITED = 4008
    HEARTBEAT_TIMEOUT = 4009
    HELLO_TIMEOUT = 4010
    SLOW_CONSUMER = 4011
    """Frames piled up faster than the socket took them; resume to get them."""
    SESSION_REPLACED = 4012
    """Another socket identified with this session id."""
    FRAME_TOO_LARGE = 4013


RESUMABLE = frozenset(
    {Close.GOING_AWAY, Close.HEARTBEAT_TIMEOUT, Close.SLOW_CONSUMER, Close.INTERNAL_ERROR}
)
"""Closes after which the session waits for a resume (a plain disconnect does too)."""

REASONS = {
    Close.NORMAL: "Closed",
    Close.GOING_AWAY: "server shutting down",
    Close.INTERNAL_ERROR: "internal error",
    Close.UNKNOWN_OPCODE: "unknown opcode",
    Close.DECODE_ERROR: "invalid frame",
    Close.AUTHENTICATION_FAILED: "authentication failed",
    Close.RATE_LIMITED: "too many frames",
    Close.HEARTBEAT_TIMEOUT: "heartbeat timeout",
    Close.HELLO_TIMEOUT: "no hello",
    Close.SLOW_CONSUMER: "too slow",
    Close.SESSION_REPLACED: "session replaced",
    Close.FRAME_TOO_LARGE: "frame too large",
}

T = TypeVar("T")

CLIENT_OPS = frozenset(range(1, 8))
"""Ops a client may send; op 4 is defined but ignored, as in GoChat."""


class Envelope(msgspec.Struct):
    """``{op, d, t?}``; GoChat also accepts ``data`` for ``d``."""

    op: int
    d: msgspec.Raw = msgspec.Raw(b"null")
    data: msgspec.Raw = msgspec.Raw(b"null")
    t: int | None = None

    def payload(self) -> msgspec.Raw:
        return self.d if bytes(self.d) != b"null" else self.data


class HelloBody(msgspec.Struct):
    token: str
    heartbeat_session_id: str | None = None
    seq: int | None = None
    """Parley's resume: the last sequence number the client saw in this session."""


class HeartbeatBody(msgspec.Struct):
    e: int = 0


class PresenceBody(msgspec.Struct):
    status: str
    platform: str = ""
    custom_status_text: str | None = None
    voice_channel_id: int | None = None
    mute: bool | None = None
    deafen: bool | None = None


class SubscriptionBody(msgspec.Struct):
    channel: int | None = None
    guilds: list[int] | None = None


class PresenceSubscriptionBody(msgspec.Struct):
    add: list[int] | None = None
    remove: list[int] | None = None
    set: list[int] | None = None
    clear: bool = False


class RtcBody(msgspec.Struct):
    channel: int


RTC_BINDING_ALIVE = 509


def decode_body(envelope: Envelope, kind: type[T]) -> T | None:
    """The op's payload as ``kind``; None when it is missing or of the wrong shape."""
    try:
        return msgspec.json.decode(envelope.payload(), type=kind)
    except msgspec.DecodeError:  # ValidationError is one too
        return None
