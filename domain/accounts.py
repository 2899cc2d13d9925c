"""Sign-up, credentials, recovery and refresh sessions: the records behind authentication."""

from dataclasses import dataclass

CONFIRMATION_TOKEN_LENGTH = 40
RESEND_COOLDOWN_MS = 60_000
RECOVERY_TTL_MS = 24 * 3600 * 1000
REGISTRATION_TTL_MS = 7 * 24 * 3600 * 1000


@dataclass(slots=True, kw_only=True)
class Credential:
    user_id: int
    email: str
    password_hash: str


@dataclass(slots=True, kw_only=True)
class Registration:
    """A pending sign-up waiting for its emailed token."""

    user_id: int
    email: str
    token: str
    created_at_ms: int

    def too_recent(self, now_ms: int) -> bool:
        return now_ms - self.created_at_ms < RESEND_COOLDOWN_MS

    def expired(self, now_ms: int) -> bool:
        """GoChat kept registrations forever (§17 item 32); Parley lets them lapse after 7 days."""
        return now_ms - self.created_at_ms > REGISTRATION_TTL_MS


@dataclass(slots=True, kw_only=True)
class Recovery:
    user_id: int
    token: str
    created_at_ms: int
    expires_at_ms: int

    def too_recent(self, now_ms: int) -> bool:
        return now_ms - self.created_at_ms < RESEND_COOLDOWN_MS

    def expired(self, now_ms: int) -> bool:
        return now_ms >= self.expires_at_ms


@dataclass(slots=True, kw_only=True)
class RefreshSession:
    """One refresh token of a login's rotation family.

    Each refresh spends the presented token and issues the next one in the same family. Seeing
    a spent token again means it leaked, so the whole family is revoked.
    """

    jti: str
    user_id: int
    family: str
    expires_at_ms: int
    used: bool = False
    revoked: bool = False
