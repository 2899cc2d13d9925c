"""Opening a refresh-token session: the token pair plus the row that makes rotation checkable."""

from application.ports.clock import Clock
from application.ports.randomness import Randomness
from application.ports.token_service import TokenService
from application.ports.unit_of_work import Transaction
from application.wire.dto import TokenPairDTO
from domain.accounts import RefreshSession

REFRESH_TTL_MS = 30 * 24 * 3600 * 1000
"""Spec §3.1: refresh tokens live 30 days; the session row lapses with its token."""

JTI_LENGTH = 32
"""Spec §3.1 gives ``jti`` 32 characters (GoChat: hex of 16 random bytes)."""

FAMILY_LENGTH = 32


async def issue_session(
    tx: Transaction,
    *,
    tokens: TokenService,
    random: Randomness,
    clock: Clock,
    user_id: int,
    family: str | None = None,
) -> TokenPairDTO:
    """A new token pair whose refresh token is recorded in ``family`` (a new one at login)."""
    jti = random.token(JTI_LENGTH)
    session = RefreshSession(
        jti=jti,
        user_id=user_id,
        family=family or random.token(FAMILY_LENGTH),
        expires_at_ms=clock.now_ms() + REFRESH_TTL_MS,
    )
    await tx.refresh_sessions.add(session)
    pair = tokens.issue(user_id, jti)
    return TokenPairDTO(token=pair.token, refresh_token=pair.refresh_token)
