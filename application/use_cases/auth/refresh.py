import msgspec

from application.errors import Unauthorized
from application.ports.clock import Clock
from application.ports.randomness import Randomness
from application.ports.token_service import RefreshClaims, TokenError, TokenService
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.use_cases.auth.sessions import issue_session
from application.wire.dto import TokenPairDTO
from domain.accounts import RefreshSession

INVALID_OR_EXPIRED = "Invalid or expired JWT"


class Refresh(msgspec.Struct, frozen=True, kw_only=True):
    """The raw refresh JWT from ``GET /auth/refresh``'s ``Authorization: Bearer`` header."""

    refresh_token: str


class RefreshHandler:
    """Trade a refresh token for a new pair, spending it (spec §3.4, with rotation).

    Deviation from GoChat, which never stored refresh tokens (``jti`` unused, §3.1, §17 item
    32), so a stolen one stayed valid for 30 days: every refresh token is a row of a
    rotation family. A token must be known, unexpired, unrevoked and unspent; using it marks it
    spent and issues the next token of the same family. Presenting an already spent token means
    two parties hold it, so the whole family is revoked (the thief and the user are both logged
    out, and the user's next login starts a clean family). All of these answer 401
    ``Invalid or expired JWT``, GoChat's text for a refresh token it rejects. A missing or
    blocked user gets 401 ``user is banned`` as in GoChat.

    Two concurrent refreshes with the same token count as reuse: the loser revokes the family.
    That is the price of detecting theft at all.
    """

    def __init__(
        self, *, uow: UnitOfWork, tokens: TokenService, random: Randomness, clock: Clock
    ) -> None:
        self._uow = uow
        self._tokens = tokens
        self._random = random
        self._clock = clock

    async def __call__(self, command: Refresh) -> TokenPairDTO:
        """The next pair of the family; raise ``Unauthorized`` otherwise."""
        try:
            claims = self._tokens.verify_refresh(command.refresh_token)
        except TokenError as exc:
            raise Unauthorized(exc.message) from exc
        async with self._uow.write() as tx:
            pair = await self._rotate(tx, claims)
        # Raised after the block so the family revocation is committed, not rolled back.
        if pair is None:
            raise Unauthorized(INVALID_OR_EXPIRED)
        return pair

    async def _rotate(self, tx: Transaction, claims: RefreshClaims) -> TokenPairDTO | None:
        """The next pair, or None when reuse was detected and the family revoked."""
        session = await tx.refresh_sessions.get(claims.jti)
        if session is None or not _live(session, claims, self._clock.now_ms()):
            raise Unauthorized(INVALID_OR_EXPIRED)
        if session.used or not await tx.refresh_sessions.mark_used(session.jti):
            await tx.refresh_sessions.revoke_family(session.family)
            return None
        user = await tx.users.get(session.user_id)
        if user is None or user.blocked:
            raise Unauthorized("user is banned")
        return await issue_session(
            tx,
            tokens=self._tokens,
            random=self._random,
            clock=self._clock,
            user_id=user.id,
            family=session.family,
        )


def _live(session: RefreshSession, claims: RefreshClaims, now_ms: int) -> bool:
    """Known to belong to the token's user, not revoked and not past its expiry."""
    return (
        session.user_id == claims.user_id and not session.revoked and now_ms < session.expires_at_ms
    )
