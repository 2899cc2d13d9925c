import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.token_service import MemoryTokenService
from application.ports.token_service import RefreshClaims, TokenError

ACCESS_TTL = 15 * 60 * 1000
REFRESH_TTL = 30 * 24 * 3600 * 1000


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def tokens(clock: ManualClock) -> MemoryTokenService:
    return MemoryTokenService(clock)


def test_access_token_names_its_user(tokens: MemoryTokenService) -> None:
    pair = tokens.issue(42, "jti-1")
    assert tokens.verify_access(pair.token) == 42


def test_refresh_token_carries_its_claims(tokens: MemoryTokenService, clock: ManualClock) -> None:
    pair = tokens.issue(42, "jti.with.dots")
    assert tokens.verify_refresh(pair.refresh_token) == RefreshClaims(
        user_id=42, jti="jti.with.dots", expires_at_ms=clock.now_ms() + REFRESH_TTL
    )


def test_each_issue_gives_a_new_access_token(tokens: MemoryTokenService) -> None:
    assert tokens.issue(1, "a").token != tokens.issue(1, "b").token


def test_access_token_expires_after_its_ttl(tokens: MemoryTokenService, clock: ManualClock) -> None:
    pair = tokens.issue(1, "a")
    clock.advance(ACCESS_TTL)
    assert tokens.verify_access(pair.token) == 1
    clock.advance(1)
    with pytest.raises(TokenError, match="Invalid or expired JWT"):
        tokens.verify_access(pair.token)


def test_refresh_token_expires_after_its_ttl(
    tokens: MemoryTokenService, clock: ManualClock
) -> None:
    pair = tokens.issue(1, "a")
    clock.advance(REFRESH_TTL + 1)
    with pytest.raises(TokenError, match="Invalid or expired JWT"):
        tokens.verify_refresh(pair.refresh_token)


def test_custom_ttls(clock: ManualClock) -> None:
    tokens = MemoryTokenService(clock, access_ttl_ms=10, refresh_ttl_ms=20)
    pair = tokens.issue(1, "a")
    clock.advance(11)
    with pytest.raises(TokenError):
        tokens.verify_access(pair.token)
    assert tokens.verify_refresh(pair.refresh_token).user_id == 1


def test_tokens_of_the_wrong_kind_are_refused(tokens: MemoryTokenService) -> None:
    pair = tokens.issue(1, "a")
    with pytest.raises(TokenError, match="wrong token type"):
        tokens.verify_access(pair.refresh_token)
    with pytest.raises(TokenError, match="wrong token type"):
        tokens.verify_refresh(pair.token)


@pytest.mark.parametrize(
    "token", ["", "garbage", "access.1.99999999999999.1", "refresh.1.jti.99999999999999"]
)
def test_forged_or_malformed_tokens_are_refused(tokens: MemoryTokenService, token: str) -> None:
    with pytest.raises(TokenError) as access_error:
        tokens.verify_access(token)
    with pytest.raises(TokenError) as refresh_error:
        tokens.verify_refresh(token)
    assert access_error.value.message == refresh_error.value.message == "Invalid or expired JWT"


def test_tokens_from_another_instance_are_refused(clock: ManualClock) -> None:
    pair = MemoryTokenService(clock).issue(1, "a")
    with pytest.raises(TokenError, match="Invalid or expired JWT"):
        MemoryTokenService(clock).verify_access(pair.token)


def test_expired_token_of_the_wrong_kind_reads_as_expired(
    tokens: MemoryTokenService, clock: ManualClock
) -> None:
    pair = tokens.issue(1, "a")
    clock.advance(REFRESH_TTL + 1)
    with pytest.raises(TokenError, match="Invalid or expired JWT"):
        tokens.verify_access(pair.refresh_token)
