import base64
import json

import pytest
from jose import jwt

from adapters.jose.token_service import JoseTokenService
from adapters.memory.clock import ManualClock
from application.ports.token_service import RefreshClaims, TokenError

SECRET = "test-secret-with-enough-entropy"
ACCESS_TTL_MS = 15 * 60 * 1000
REFRESH_TTL_MS = 30 * 24 * 3600 * 1000
INVALID = "Invalid or expired JWT"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def tokens(clock: ManualClock) -> JoseTokenService:
    return JoseTokenService(SECRET, clock)


def claims_of(token: str) -> dict[str, object]:
    return jwt.get_unverified_claims(token)


def signed(claims: dict[str, object], secret: str = SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def valid_access_claims(clock: ManualClock, **changes: object) -> dict[str, object]:
    now_s = clock.now_ms() // 1000
    claims: dict[str, object] = {
        "typ": "access",
        "user_id": 42,
        "iss": "gochat",
        "aud": ["api"],
        "iat": now_s,
        "exp": now_s + 900,
    }
    claims.update(changes)
    return claims


def test_round_trip(tokens: JoseTokenService, clock: ManualClock) -> None:
    pair = tokens.issue(42, "j" * 32)

    assert tokens.verify_access(pair.token) == 42
    assert tokens.verify_refresh(pair.refresh_token) == RefreshClaims(
        user_id=42, jti="j" * 32, expires_at_ms=clock.now_ms() + REFRESH_TTL_MS
    )


def test_claims_are_gochats(tokens: JoseTokenService, clock: ManualClock) -> None:
    pair = tokens.issue(2230469276416868352, "jti-1")
    now_s = clock.now_ms() // 1000

    assert claims_of(pair.token) == {
        "typ": "access",
        "user_id": 2230469276416868352,
        "iss": "gochat",
        "aud": ["api"],
        "iat": now_s,
        "exp": now_s + 15 * 60,
    }
    assert claims_of(pair.refresh_token) == {
        "typ": "refresh",
        "user_id": 2230469276416868352,
        "iss": "gochat",
        "aud": ["refresh"],
        "iat": now_s,
        "exp": now_s + 30 * 24 * 3600,
        "jti": "jti-1",
    }
    assert jwt.get_unverified_header(pair.token)["alg"] == "HS256"


def test_a_token_from_another_gochat_node_verifies(
    tokens: JoseTokenService, clock: ManualClock
) -> None:
    """Any HS256 token with the shared secret and GoChat's claims is accepted."""
    assert tokens.verify_access(signed(valid_access_claims(clock))) == 42
    assert tokens.verify_access(signed(valid_access_claims(clock, aud="api"))) == 42


def test_forged_signature_is_invalid(tokens: JoseTokenService, clock: ManualClock) -> None:
    forged = signed(valid_access_claims(clock), secret="someone-elses-secret")
    with pytest.raises(TokenError) as caught:
        tokens.verify_access(forged)
    assert caught.value.message == INVALID


def test_tampered_payload_is_invalid(tokens: JoseTokenService) -> None:
    header, payload, signature = tokens.issue(42, "j").token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["user_id"] = 1
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    with pytest.raises(TokenError) as caught:
        tokens.verify_access(f"{header}.{forged_payload}.{signature}")

    assert caught.value.message == INVALID


def _unsigned(claims: dict[str, object], alg: str) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(claims)}."


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_alg_none_is_invalid(tokens: JoseTokenService, clock: ManualClock, alg: str) -> None:
    with pytest.raises(TokenError) as caught:
        tokens.verify_access(_unsigned(valid_access_claims(clock), alg))
    assert caught.value.message == INVALID


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_other_hmac_algorithms_are_invalid(
    tokens: JoseTokenService, clock: ManualClock, algorithm: str
) -> None:
    with pytest.raises(TokenError) as caught:
        tokens.verify_access(signed(valid_access_claims(clock), algorithm=algorithm))
    assert caught.value.message == INVALID


@pytest.mark.parametrize(
    "garbage",
    ["", "abc", "a.b.c", "...", "Bearer x.y.z", "é.é.é", "eyJhbGciOiJIUzI1NiJ9.e30.", "x" * 5000],
)
def test_malformed_tokens_are_invalid(tokens: JoseTokenService, garbage: str) -> None:
    with pytest.raises(TokenError) as caught:
        tokens.verify_access(garbage)
    assert caught.value.message == INVALID


def test_access_token_expires_exactly_at_exp(tokens: JoseTokenService, clock: ManualClock) -> None:
    """jwt-go (GoChat) accepts a token while ``now < exp``, with no leeway."""
    clock.set(1_700_000_000_000)
    pair = tokens.issue(42, "j")
    clock.advance(ACCESS_TTL_MS - 1)
    assert tokens.verify_access(pair.token) == 42

    clock.advance(1)
    with pytest.raises(TokenError) as caught:
        tokens.verify_access(pair.token)
    assert caught.value.message == INVALID


def test_expiry_follows_the_injected_clock_not_the_wall_clock(clock: ManualClock) -> None:
    """A token from the far past verifies while the clock says it is fresh."""
    clock.set(1_300_000_000_000)  # 2011
    tokens = JoseTokenService(SECRET, clock)
    pair = tokens.issue(42, "j")
    assert tokens.verify_access(pair.token) == 42


def test_refresh_token_expires_after_30_days(tokens: JoseTokenService, clock: ManualClock) -> None:
    pair = tokens.issue(42, "j")
    clock.advance(REFRESH_TTL_MS - 1)
    assert tokens.verify_refresh(pair.refresh_token).user_id == 42
    clock.advance(1)
    with pytest.raises(TokenError, match=INVALID):
        tokens.verify_refresh(pair.refresh_token)


def test_refresh_token_is_not_an_access_token(tokens: JoseTokenService) -> None:
    pair = tokens.issue(42, "j")
    with pytest.raises(TokenError) as as_access:
        tokens.verify_access(pair.refresh_token)
    with pytest.raises(TokenError) as as_refresh:
        tokens.verify_refresh(pair.token)
    assert as_access.value.message == "wrong token type"
    assert as_refresh.value.message == "wrong token type"


@pytest.mark.parametrize("aud", [["refresh"], ["sfu"], "sfu", [], None, 5])
def test_access_token_without_api_audience(
    tokens: JoseTokenService, clock: ManualClock, aud: object
) -> None:
    with pytest.raises(TokenError) as caught:
        tokens.verify_access(signed(valid_access_claims(clock, aud=aud)))
    assert caught.value.message == "wrong audience"


def test_refresh_token_needs_refresh_audience(tokens: JoseTokenService, clock: ManualClock) -> None:
    claims = valid_access_claims(clock, typ="refresh", aud=["api"], jti="j")
    with pytest.raises(TokenError) as caught:
        tokens.verify_refresh(signed(claims))
    assert caught.value.message == "wrong audience"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "someone-else"},
        {"iss": None},
        {"exp": None},
        {"exp": "9999999999"},
        {"exp": True},
        {"user_id": "42"},
        {"user_id": 0},
        {"user_id": None},
    ],
)
def test_bad_claims_are_invalid(
    tokens: JoseTokenService, clock: ManualClock, changes: dict[str, object]
) -> None:
    claims = {k: v for k, v in valid_access_claims(clock, **changes).items() if v is not None}
    with pytest.raises(TokenError) as caught:
        tokens.verify_access(signed(claims))
    assert caught.value.message == INVALID


@pytest.mark.parametrize("jti", [None, "", 7])
def test_refresh_token_needs_a_jti(
    tokens: JoseTokenService, clock: ManualClock, jti: object
) -> None:
    claims = valid_access_claims(clock, typ="refresh", aud=["refresh"], jti=jti)
    claims = {k: v for k, v in claims.items() if v is not None}
    with pytest.raises(TokenError) as caught:
        tokens.verify_refresh(signed(claims))
    assert caught.value.message == INVALID


def test_empty_secret_is_refused(clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="secret"):
        JoseTokenService("", clock)
