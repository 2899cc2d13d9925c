"""The gateway's knobs. Defaults are GoChat's where GoChat has the knob (spec §1.6, §8)."""

from dataclasses import dataclass

from entrypoints.common.settings import Settings


@dataclass(frozen=True, slots=True, kw_only=True)
class GatewayConfig:
    heartbeat_interval_ms: int = 35_000
    """Told to clients in the hello reply; a socket silent for this plus ``heartbeat_grace_s``
    is closed (GoChat's ``hearth_beat_timeout``)."""
    heartbeat_grace_s: float = 10.0
    hello_timeout_s: float = 5.0
    """A socket that has not identified by then is closed."""
    queue_size: int = 256
    """Frames waiting to be written to one socket; one more closes it as too slow."""
    write_timeout_s: float = 5.0
    max_frame_bytes: int = 4096
    """The largest client frame accepted (GoChat set no limit)."""
    rate_frames: int = 120
    rate_window_s: float = 60.0
    """More than ``rate_frames`` client frames within ``rate_window_s`` close the socket."""
    resume_window_s: float = 120.0
    """How long a dropped session waits for its client to resume it."""
    replay_frames: int = 256
    """How many of a session's latest frames a resume can replay."""
    viewer_ttl_s: float = 15.0
    """How long a "may this user see this channel" answer is reused (override changes
    publish no event, so this bounds how late a revoked viewer stops receiving)."""
    max_watched_users: int = 5000
    """Presence subscriptions one session may hold (op 6); more are ignored."""
    presence_touch_every_s: float = 10.0
    inbox_size: int = 65_536
    """Bus frames waiting for fan-out in this process."""

    @property
    def heartbeat_timeout_s(self) -> float:
        return self.heartbeat_interval_ms / 1000 + self.heartbeat_grace_s


def gateway_config(settings: Settings) -> GatewayConfig:
    """The gateway's knobs from the ``ws_*`` settings; the rest keep their defaults."""
    return GatewayConfig(
        heartbeat_interval_ms=settings.ws_heartbeat_interval_ms,
        heartbeat_grace_s=settings.ws_heartbeat_grace_s,
        hello_timeout_s=settings.ws_hello_timeout_s,
        queue_size=settings.ws_queue_size,
        write_timeout_s=settings.ws_write_timeout_s,
        max_frame_bytes=settings.ws_max_frame_bytes,
        rate_frames=settings.ws_rate_frames,
        rate_window_s=settings.ws_rate_window_s,
        resume_window_s=settings.ws_resume_window_s,
        replay_frames=settings.ws_replay_frames,
        max_watched_users=settings.ws_max_watched_users,
    )
