"""Who is online: one entry per gateway session, folded into one presence per user (spec §8.6).

Times are Unix seconds, as GoChat's presence records carry them. A user with several sessions
(web, desktop) shows the "busiest" status of the live ones; an explicit ``offline`` is an
override that hides every session until the user picks another status.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class Status(StrEnum):
    ONLINE = "online"
    IDLE = "idle"
    DND = "dnd"
    OFFLINE = "offline"


PRIORITY = {Status.DND: 3, Status.ONLINE: 2, Status.IDLE: 1}
"""dnd > online > idle when sessions disagree; ``offline`` never comes from a session."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionPresence:
    """What one gateway session last reported (op 3) or bound (op 7 t=509)."""

    session_id: str
    status: Status
    platform: str = ""
    since: int
    updated_at: int
    expires_at: int
    custom_status_text: str | None = None
    voice_channel_id: int | None = None
    mute: bool = False
    deafen: bool = False

    def live(self, now: int) -> bool:
        return self.expires_at > now


@dataclass(frozen=True, slots=True, kw_only=True)
class Presence:
    """A user's presence as others see it (the op 3 frame's fields)."""

    user_id: int
    status: Status
    since: int
    custom_status_text: str | None = None
    voice_channel_id: int | None = None
    mute: bool = False
    deafen: bool = False


def offline(user_id: int, now: int) -> Presence:
    """What an unknown or silent user shows: offline since now."""
    return Presence(user_id=user_id, status=Status.OFFLINE, since=now)


def aggregate(
    user_id: int, sessions: Iterable[SessionPresence], override: Presence | None, now: int
) -> Presence:
    """Fold a user's sessions into one presence (GoChat's rules, spec §8.6).

    An override wins outright (status, since and custom text only). Otherwise the live
    sessions decide: the highest-priority status, the earliest ``since``, the custom text and
    voice channel of the most recently updated session that has one, and mute/deafen of the
    most recently updated session in a voice channel. No live session means offline.
    """
    if override is not None:
        return Presence(
            user_id=user_id,
            status=override.status,
            since=override.since,
            custom_status_text=override.custom_status_text,
        )
    live = sorted((s for s in sessions if s.live(now)), key=lambda s: s.updated_at, reverse=True)
    if not live:
        return offline(user_id, now)
    status = max(live, key=lambda s: PRIORITY.get(s.status, 0)).status
    texted = next((s for s in live if s.custom_status_text), None)
    voiced = next((s for s in live if s.voice_channel_id), None)
    return Presence(
        user_id=user_id,
        status=status,
        since=min(s.since for s in live),
        custom_status_text=texted.custom_status_text if texted else None,
        voice_channel_id=voiced.voice_channel_id if voiced else None,
        mute=voiced.mute if voiced else False,
        deafen=voiced.deafen if voiced else False,
    )


def refreshed(session: SessionPresence, now: int, ttl_s: int) -> SessionPresence:
    """The same session, kept alive for another ``ttl_s`` seconds from ``now``."""
    return replace(session, expires_at=now + ttl_s)
