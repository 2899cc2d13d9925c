"""Presence aggregation rules and the gateway's own frames."""

from application.wire.gateway import HelloReply, hello, presence_frame
from domain.presence import Presence, SessionPresence, Status, aggregate, offline, refreshed

NOW = 1_000


def session(sid: str, status: Status, updated: int, **fields: object) -> SessionPresence:
    return SessionPresence(
        session_id=sid,
        status=status,
        since=fields.pop("since", updated),  # type: ignore[arg-type]
        updated_at=updated,
        expires_at=fields.pop("expires_at", NOW + 60),  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


def test_dnd_beats_online_beats_idle_and_since_is_the_earliest() -> None:
    sessions = [
        session("a", Status.IDLE, 10, since=5),
        session("b", Status.DND, 20),
        session("c", Status.ONLINE, 30),
    ]

    assert aggregate(1, sessions, None, NOW) == Presence(user_id=1, status=Status.DND, since=5)


def test_text_and_voice_come_from_the_latest_session_having_them() -> None:
    sessions = [
        session("a", Status.ONLINE, 10, custom_status_text="old", voice_channel_id=1, mute=True),
        session("b", Status.ONLINE, 20, custom_status_text="new"),
        session("c", Status.IDLE, 30, expires_at=NOW),  # expired, ignored
    ]

    folded = aggregate(1, sessions, None, NOW)

    assert (folded.custom_status_text, folded.voice_channel_id, folded.mute) == ("new", 1, True)


def test_an_override_wins_and_nothing_live_is_offline() -> None:
    override = Presence(user_id=1, status=Status.OFFLINE, since=3, voice_channel_id=9)
    live = [session("a", Status.ONLINE, 10)]

    assert aggregate(1, live, override, NOW) == Presence(user_id=1, status=Status.OFFLINE, since=3)
    assert aggregate(1, [], None, NOW) == offline(1, NOW)
    assert refreshed(live[0], NOW, 5).expires_at == NOW + 5


def test_hello_and_presence_frames() -> None:
    presence = Presence(user_id=2, status=Status.ONLINE, since=9, voice_channel_id=4, mute=True)

    assert hello(HelloReply(heartbeat_interval=35000, session_id="x")) == (
        b'{"op":1,"d":{"heartbeat_interval":35000,"session_id":"x"}}'
    )
    assert presence_frame(presence) == (
        b'{"op":3,"d":{"user_id":2,"status":"online","since":9,"voice_channel_id":4,"mute":true}}'
    )
    assert b"mute" not in presence_frame(presence, snapshot=True)
