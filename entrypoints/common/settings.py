"""Settings, parsed once at start-up into a frozen struct; a wrong value fails with its path.

Sources, later ones winning: defaults, a TOML file (``--config`` or ``PARLEY_CONFIG``), then
``PARLEY_<FIELD>`` environment variables (``PARLEY_RATE_LIMIT_REQUESTS=50``). Nothing else in
the code base reads ``os.environ``.
"""

import os
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import msgspec

from domain.ids import MAX_WORKER_ID

ENV_PREFIX = "PARLEY_"
MAX_PORT = 65535
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
"""Levels both ``logging`` and uvicorn understand (any case in the settings)."""
LIST_SETTINGS = frozenset({"content_hosts", "cassandra_hosts", "etcd_endpoints"})


class Profile(StrEnum):
    MEMORY = "memory"
    EMBEDDED = "embedded"
    PRODUCTION = "production"


class VoiceRegion(msgspec.Struct, frozen=True):
    id: str
    name: str


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every knob of every service. Defaults make ``parley run`` work out of the box."""

    profile: Profile = Profile.EMBEDDED
    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: str = "./data"
    worker_id: int | None = None
    """Snowflake worker id; by default each process claims a free one (never shared)."""
    auth_secret: str = ""
    """HS256 key for user tokens; empty means "generate one and keep it in the data dir"."""
    base_url: str = "http://127.0.0.1:8080"
    app_name: str = "Parley"
    database_url: str = ""
    """SQLAlchemy URL of the relational store; empty means SQLite in the data dir."""
    redis_url: str = ""
    """Redis/KeyDB for rate limits, idempotency, caches and codes (production)."""
    nats_url: str = ""
    """NATS (with JetStream) for events (production)."""
    cassandra_hosts: tuple[str, ...] = ()
    """Scylla/Cassandra contact points for the message store (production)."""
    cassandra_port: int = 9042
    cassandra_keyspace: str = "parley"
    etcd_endpoints: tuple[str, ...] = ()
    s3_endpoint: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_bucket: str = "parley"
    s3_region: str = "us-east-1"
    opensearch_url: str = ""
    rate_limit_requests: int = 20
    rate_limit_time: int = 1
    idempotency_lifetime_minutes: int = 10
    max_body_bytes: int = 1_048_576
    upload_limit: int = 50_000_000
    attachment_ttl_minutes: int = 10
    voice_region: str = "global"
    voice_regions: tuple[VoiceRegion, ...] = (VoiceRegion(id="global", name="Global"),)
    content_hosts: tuple[str, ...] = ()
    email_provider: str = "log"
    email_source: str = "no-reply@example.com"
    email_name: str = "Parley"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_use_tls: bool = False
    argon2_time_cost: int = 2
    argon2_memory_kib: int = 19_456
    log_level: str = "INFO"
    access_log: bool = False
    ws_heartbeat_interval_ms: int = 35_000
    """Heartbeat interval told to gateway clients; presence lives twice as long (GoChat's)."""
    ws_heartbeat_grace_s: float = 10.0
    """A socket silent for one interval plus this is closed."""
    ws_hello_timeout_s: float = 5.0
    """A socket that has not identified by then is closed."""
    ws_queue_size: int = 256
    """Frames waiting to be written to one socket; one more closes it as too slow."""
    ws_write_timeout_s: float = 5.0
    """A socket whose frame write takes longer is closed as too slow."""
    ws_max_frame_bytes: int = 4096
    """The largest client frame accepted."""
    ws_rate_frames: int = 120
    ws_rate_window_s: float = 60.0
    """More than ``ws_rate_frames`` client frames within ``ws_rate_window_s`` close the socket."""
    ws_resume_window_s: float = 120.0
    """How long a dropped session waits for its client to resume it."""
    ws_replay_frames: int = 256
    """How many of a session's latest frames a resume can replay."""
    ws_max_watched_users: int = 5000
    """Presence subscriptions (op 6) one session may hold; more are ignored."""

    def __post_init__(self) -> None:
        if not 0 < self.port <= MAX_PORT:
            msg = f"port: {self.port} is not a TCP port"
            raise ValueError(msg)
        if self.worker_id is not None and not 0 <= self.worker_id <= MAX_WORKER_ID:
            msg = f"worker_id: {self.worker_id} outside 0..1023"
            raise ValueError(msg)
        if self.rate_limit_requests < 1 or self.rate_limit_time < 1:
            msg = "rate_limit_requests and rate_limit_time must be positive"
            raise ValueError(msg)
        for name in self.__struct_fields__:
            if name.startswith("ws_") and getattr(self, name) <= 0:
                msg = f"{name}: {getattr(self, name)} must be positive"
                raise ValueError(msg)
        if self.log_level.upper() not in LOG_LEVELS:
            msg = f"log_level: {self.log_level!r} is not one of {', '.join(LOG_LEVELS)}"
            raise ValueError(msg)


class SettingsError(Exception):
    """A setting could not be parsed; the message names the offending path."""


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    fields = set(Settings.__struct_fields__)
    found: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key.removeprefix(ENV_PREFIX).lower()
        if name == "config" or name.startswith("test_"):
            continue  # PARLEY_TEST_* name scratch servers for the test suite, not settings
        if name not in fields:
            msg = f"{key}: unknown setting"
            raise SettingsError(msg)
        if name in LIST_SETTINGS:
            found[name] = [part.strip() for part in value.split(",") if part.strip()]
        else:
            found[name] = value
    return found


def load_settings(
    *,
    environ: Mapping[str, str] | None = None,
    config_file: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Merge defaults, file, environment and explicit overrides (CLI flags), in that order."""
    env = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    path = config_file or env.get(ENV_PREFIX + "CONFIG")
    if path:
        try:
            raw.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as error:
            msg = f"config file {path}: {error}"
            raise SettingsError(msg) from error
    raw.update(_from_env(env))
    raw.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        settings = msgspec.convert(raw, Settings, strict=False)
    except (msgspec.ValidationError, ValueError) as error:
        raise SettingsError(str(error)) from error
    hosts = normalize_content_hosts(settings.content_hosts)
    level = settings.log_level.upper()
    return msgspec.structs.replace(settings, content_hosts=hosts, log_level=level)


def normalize_content_hosts(hosts: tuple[str, ...]) -> tuple[str, ...]:
    """``scheme://host[:port]`` of each entry, trimmed and de-duplicated in order (GoChat's rule).

    Like Go's ``url.URL.Host``, the host leaves out any ``user:password@`` part.
    """
    from urllib.parse import urlsplit  # noqa: PLC0415 - only needed at start-up

    result: list[str] = []
    for entry in hosts:
        parts = urlsplit(entry.strip())
        host = parts.netloc.rpartition("@")[2]
        if not parts.scheme or not host:
            msg = f"content_hosts: {entry!r} needs a scheme and a host"
            raise SettingsError(msg)
        try:
            parts.port  # noqa: B018 - validates the port
        except ValueError as error:
            msg = f"content_hosts: {entry!r}: {error}"
            raise SettingsError(msg) from None
        origin = f"{parts.scheme}://{host}"
        if origin not in result:
            result.append(origin)
    return tuple(result)
