"""Frames only the gateway sends: the hello reply and presence (spec §7.2, §8.2, §8.4)."""

import msgspec

from application.wire.events import Frame, Op
from domain.presence import Presence


class HelloReply(msgspec.Struct, omit_defaults=True):
    """``{heartbeat_interval, session_id}``; Parley adds ``seq`` and ``resumed`` on resume only.

    ``seq`` is the last sequence number the session has used and ``resumed`` says whether the
    frames after the client's ``seq`` follow (True) or the client must refetch its state
    (False, with a new session). GoChat clients never ask to resume and never see either.
    """

    heartbeat_interval: int
    session_id: str
    seq: int | None = None
    resumed: bool | None = None


class PresenceData(msgspec.Struct, omit_defaults=True):
    """The op 3 payload: text and voice channel when set, mute/deafen only when true."""

    user_id: int
    status: str
    since: int
    custom_status_text: str | None = None
    voice_channel_id: int | None = None
    mute: bool = False
    deafen: bool = False


def presence_subject(user_id: int) -> str:
    return f"presence.user.{user_id}"


_encoder = msgspec.json.Encoder()


def hello(reply: HelloReply) -> bytes:
    return _encoder.encode(Frame(op=Op.HELLO, d=reply))


def presence_frame(presence: Presence, *, snapshot: bool = False) -> bytes:
    """An op 3 frame; snapshots leave out mute and deafen, as GoChat's do."""
    data = PresenceData(
        user_id=presence.user_id,
        status=presence.status.value,
        since=presence.since,
        custom_status_text=presence.custom_status_text,
        voice_channel_id=presence.voice_channel_id,
        mute=presence.mute and not snapshot,
        deafen=presence.deafen and not snapshot,
    )
    return _encoder.encode(Frame(op=Op.PRESENCE, d=data))
