"""RFC 3339 timestamps in the form Go's encoder writes (fraction without trailing zeros)."""

from datetime import UTC, datetime


def rfc3339(unix_ms: int) -> str:
    moment = datetime.fromtimestamp(unix_ms / 1000, tz=UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    millis = unix_ms % 1000
    if millis:
        text += f".{millis:03d}".rstrip("0")
    return text + "Z"
