"""Reading a settings document from a request body the way GoChat's decoder and rules do.

Go's ``encoding/json`` treats ``null`` as "leave the zero value" for every non-pointer field,
so null-valued keys are dropped before the typed conversion. The rules and their texts are
GoChat's ozzo-validation ones (spec §13.3): nested structs report as ``field: (inner.)`` and
list items by index, keys in sorted order, each level ending with a period.
"""

from typing import Any
from urllib.parse import urlsplit

import msgspec

from application.errors import Invalid
from application.wire.settings import Devices, Status, UserSettingsData

STATUSES = frozenset({"online", "idle", "dnd", "offline"})
CUSTOM_STATUS_MAX = 255
AUDIO_LEVEL_MIN, AUDIO_LEVEL_MAX = 0, 200
URL_MAX = 2083
URL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "tcp", "udp"})

Problems = dict[str, "str | Problems"]


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _drop_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_drop_nulls(item) for item in value]
    return value


def parse_settings(body: bytes) -> UserSettingsData:
    """Decode a POSTed document; malformed or mistyped input is 400 ``parse error: …``."""
    try:
        raw = msgspec.json.decode(body)
        return msgspec.convert({} if raw is None else _drop_nulls(raw), UserSettingsData)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise Invalid(f"parse error: {error}") from None


def format_problems(problems: Problems) -> str:
    """Ozzo's ``Errors.Error()``: ``a: text; b: (c: text.).``."""
    parts = []
    for key in sorted(problems):
        problem = problems[key]
        text = f"({format_problems(problem)})" if isinstance(problem, dict) else problem
        parts.append(f"{key}: {text}")
    return "; ".join(parts) + "."


def is_url(text: str) -> bool:
    """A web address as govalidator's ``IsURL`` sees it; the scheme may be left out."""
    if len(text) > URL_MAX or any(char.isspace() for char in text):
        return False
    try:
        parts = urlsplit(text if "://" in text else f"http://{text}")
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme.lower() not in URL_SCHEMES or not host:
        return False
    return host == "localhost" or "." in host.strip(".") or ":" in host


def _status_problems(status: Status) -> Problems:
    problems: Problems = {}
    if status.status and status.status not in STATUSES:
        problems["status"] = "must be a valid value"
    text = status.custom_status_text
    if isinstance(text, str) and len(text) > CUSTOM_STATUS_MAX:
        problems["custom_status_text"] = f"the length must be no more than {CUSTOM_STATUS_MAX}"
    return problems


def _level_problem(level: float) -> str | None:
    if level < AUDIO_LEVEL_MIN:
        return f"must be no less than {AUDIO_LEVEL_MIN}"
    if level > AUDIO_LEVEL_MAX:
        return f"must be no greater than {AUDIO_LEVEL_MAX}"
    return None


def _device_problems(devices: Devices) -> Problems:
    levels = {
        "audio_input_level": devices.audio_input_level,
        "audio_output_level": devices.audio_output_level,
    }
    return {key: problem for key, level in levels.items() if (problem := _level_problem(level))}


def settings_problem(data: UserSettingsData) -> str | None:
    """The validation text for a document, or None when it passes (spec §13.3)."""
    problems: Problems = {}
    if status := _status_problems(data.status):
        problems["status"] = status
    if devices := _device_problems(data.devices):
        problems["devices"] = devices
    gifs: Problems = {
        str(index): "must be a valid URL"
        for index, url in enumerate(data.favorite_gifs)
        if url and not is_url(url)
    }
    if gifs:
        problems["favorite_gifs"] = gifs
    return format_problems(problems) if problems else None
