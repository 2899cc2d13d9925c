from itertools import count

from typing_extensions import override

from application.ports.clock import Clock
from application.ports.token_service import (
    RefreshClaims,
    TokenError,
    TokenKind,
    TokenPair,
    TokenService,
)

ACCESS_TTL_MS = 15 * 60 * 1000
REFRESH_TTL_MS = 30 * 24 * 3600 * 1000
INVALID = "Invalid or expired JWT"
WRONG_TYPE = "wrong token type"


class MemoryTokenService(TokenService):
    """Readable tokens that behave like GoChat's JWTs: expiry, type check, and no forgery.

    Access tokens read ``access.<user_id>.<expires_ms>.<n>`` and refresh tokens
    ``refresh.<user_id>.<jti>.<expires_ms>``. Only tokens this instance issued verify, which
    stands in for the signature check. The checks run in the JWT order: signature and expiry
    first ("Invalid or expired JWT"), then the token type. A token is still valid at exactly its
    expiry instant, as with python-jose's ``exp`` check.
    """

    def __init__(
        self, clock: Clock, access_ttl_ms: int = ACCESS_TTL_MS, refresh_ttl_ms: int = REFRESH_TTL_MS
    ) -> None:
        self._clock = clock
        self._access_ttl_ms = access_ttl_ms
        self._refresh_ttl_ms = refresh_ttl_ms
        self._serial = count(1)
        self._issued: set[str] = set()

    @override
    def issue(self, user_id: int, refresh_jti: str) -> TokenPair:
        now = self._clock.now_ms()
        access = f"{TokenKind.ACCESS}.{user_id}.{now + self._access_ttl_ms}.{next(self._serial)}"
        refresh = f"{TokenKind.REFRESH}.{user_id}.{refresh_jti}.{now + self._refresh_ttl_ms}"
        self._issued.update((access, refresh))
        return TokenPair(token=access, refresh_token=refresh)

    @override
    def verify_access(self, token: str) -> int:
        kind, user_id, _, _ = self._open(token)
        if kind is not TokenKind.ACCESS:
            raise TokenError(WRONG_TYPE)
        return user_id

    @override
    def verify_refresh(self, token: str) -> RefreshClaims:
        kind, user_id, jti, expires_ms = self._open(token)
        if kind is not TokenKind.REFRESH:
            raise TokenError(WRONG_TYPE)
        return RefreshClaims(user_id=user_id, jti=jti, expires_at_ms=expires_ms)

    def _open(self, token: str) -> tuple[TokenKind, int, str, int]:
        """Kind, user id, jti ("" for access tokens) and expiry of a genuine, unexpired token."""
        if token not in self._issued:
            raise TokenError(INVALID)
        kind_text, user_text, rest = token.split(".", 2)
        kind = TokenKind(kind_text)
        if kind is TokenKind.ACCESS:
            expires_text, _ = rest.split(".", 1)
            jti = ""
        else:
            jti, expires_text = rest.rsplit(".", 1)
        expires_ms = int(expires_text)
        if self._clock.now_ms() > expires_ms:
            raise TokenError(INVALID)
        return kind, int(user_text), jti, expires_ms
