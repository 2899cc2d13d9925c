"""Invites: codes derived from ids, and expiry rules."""

import string
from dataclasses import dataclass

from domain.errors import ValidationError

CODE_LENGTH = 8
ALPHABET = string.digits + string.ascii_uppercase
DEFAULT_TTL_S = 7 * 24 * 3600
UNLIMITED_TTL_S = 100 * 365 * 24 * 3600
MIN_TTL_S, MAX_TTL_S = 60, 2_592_000


@dataclass(slots=True, kw_only=True)
class Invite:
    id: int
    code: str
    guild_id: int
    author_id: int
    created_at_ms: int
    expires_at_ms: int

    def is_active(self, now_ms: int) -> bool:
        return self.expires_at_ms > now_ms


def code_for(invite_id: int) -> str:
    """Uppercase base36 of the id, last 8 digits, left-padded with zeros (GoChat's scheme)."""
    if invite_id < 0:
        # Snowflakes are never negative; refusing one keeps the digit loop finite.
        msg = "invite id must not be negative"
        raise ValueError(msg)
    digits = []
    value = invite_id
    while value:
        value, rest = divmod(value, 36)
        digits.append(ALPHABET[rest])
    text = "".join(reversed(digits)) or "0"
    return text[-CODE_LENGTH:].rjust(CODE_LENGTH, "0")


def is_well_formed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH


def ttl_seconds(expires_in_sec: int | None) -> int:
    """Absent → 7 days, 0 → "unlimited" (100 years), else 60..2592000 seconds."""
    if expires_in_sec is None:
        return DEFAULT_TTL_S
    if expires_in_sec == 0:
        return UNLIMITED_TTL_S
    if not MIN_TTL_S <= expires_in_sec <= MAX_TTL_S:
        raise ValidationError.of(
            {"expires_in_sec": f"must be 0 or between {MIN_TTL_S} and {MAX_TTL_S}"}
        )
    return expires_in_sec
