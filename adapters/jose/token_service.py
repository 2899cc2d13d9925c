"""HS256 JWTs with GoChat's claims (spec §3.1), checked against the injected clock."""

from typing import Any

from jose import jwt
from jose.exceptions import JOSEError
from typing_extensions import override

from application.ports.clock import Clock
from application.ports.token_service import (
    RefreshClaims,
    TokenError,
    TokenKind,
    TokenPair,
    TokenService,
)

ALGORITHM = "HS256"
ISSUER = "gochat"
ACCESS_AUDIENCE = "api"
REFRESH_AUDIENCE = "refresh"
ACCESS_TTL_S = 15 * 60
REFRESH_TTL_S = 30 * 24 * 3600

INVALID = "Invalid or expired JWT"
WRONG_TYPE = "wrong token type"
WRONG_AUDIENCE = "wrong audience"

# jose checks only the signature and the algorithm; every claim is checked below, so that
# expiry follows the injected Clock (jose would read the wall clock) and each failure gets
# GoChat's exact text.
_DECODE_OPTIONS = {
    "verify_signature": True,
    "verify_aud": False,
    "verify_iat": False,
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iss": False,
    "verify_sub": False,
    "verify_jti": False,
    "verify_at_hash": False,
}


class JoseTokenService(TokenService):
    """Signs and verifies user tokens with the shared ``auth_secret``.

    Only HS256 is accepted (``algorithms=["HS256"]``), which rules out ``alg: none`` and
    algorithm-confusion tokens. Checks run in the order GoChat's middleware runs them:
    signature, issuer and expiry (``Invalid or expired JWT``), then ``typ`` (``wrong token
    type``), then ``aud`` (``wrong audience``). Expiry has no leeway: a token is valid while
    ``now < exp``, as golang-jwt v5 in GoChat's API middleware decides. ``iss`` is required
    although that middleware skipped it (GoChat's WS and SFU checked it); every GoChat token
    carries it.
    """

    def __init__(
        self,
        secret: str,
        clock: Clock,
        *,
        access_ttl_s: int = ACCESS_TTL_S,
        refresh_ttl_s: int = REFRESH_TTL_S,
    ) -> None:
        if not secret:
            msg = "the token secret must not be empty"
            raise ValueError(msg)
        self._secret = secret
        self._clock = clock
        self._access_ttl_s = access_ttl_s
        self._refresh_ttl_s = refresh_ttl_s

    @override
    def issue(self, user_id: int, refresh_jti: str) -> TokenPair:
        now_s = self._clock.now_ms() // 1000
        access = {
            "typ": TokenKind.ACCESS.value,
            "user_id": user_id,
            "iss": ISSUER,
            "aud": [ACCESS_AUDIENCE],
            "iat": now_s,
            "exp": now_s + self._access_ttl_s,
        }
        refresh = {
            "typ": TokenKind.REFRESH.value,
            "user_id": user_id,
            "iss": ISSUER,
            "aud": [REFRESH_AUDIENCE],
            "iat": now_s,
            "exp": now_s + self._refresh_ttl_s,
            "jti": refresh_jti,
        }
        return TokenPair(token=self._sign(access), refresh_token=self._sign(refresh))

    @override
    def verify_access(self, token: str) -> int:
        claims = self._verified(token, TokenKind.ACCESS, ACCESS_AUDIENCE)
        return _user_id(claims)

    @override
    def verify_refresh(self, token: str) -> RefreshClaims:
        claims = self._verified(token, TokenKind.REFRESH, REFRESH_AUDIENCE)
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti:
            raise TokenError(INVALID)
        return RefreshClaims(
            user_id=_user_id(claims), jti=jti, expires_at_ms=_int_claim(claims, "exp") * 1000
        )

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def _verified(self, token: str, kind: TokenKind, audience: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM], options=_DECODE_OPTIONS
            )
        except (JOSEError, ValueError, TypeError) as exc:
            # ValueError/TypeError: jose lets a few malformed inputs escape as those.
            raise TokenError(INVALID) from exc
        if claims.get("iss") != ISSUER:
            raise TokenError(INVALID)
        if self._clock.now_ms() >= _int_claim(claims, "exp") * 1000:
            raise TokenError(INVALID)
        if claims.get("typ") != kind.value:
            raise TokenError(WRONG_TYPE)
        if audience not in _audiences(claims.get("aud")):
            raise TokenError(WRONG_AUDIENCE)
        return claims


def _int_claim(claims: dict[str, Any], name: str) -> int:
    value = claims.get(name)
    # bool is an int subclass; ``"exp": true`` is not a time.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TokenError(INVALID)
    return value


def _user_id(claims: dict[str, Any]) -> int:
    user_id = _int_claim(claims, "user_id")
    if user_id <= 0:
        raise TokenError(INVALID)
    return user_id


def _audiences(aud: object) -> list[str]:
    """``aud`` may be one string or a list of them (RFC 7519 §4.1.3); anything else is none."""
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list):
        return [item for item in aud if isinstance(item, str)]
    return []
