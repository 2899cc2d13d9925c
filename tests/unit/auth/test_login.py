import pytest

from application.errors import NotFound, Unauthorized
from application.use_cases.auth.login import Login
from tests.unit.auth.flows import PASSWORD, log_in, login_handler, sign_up
from tests.unit.fakes import Fakes

EMAIL = "alice@example.com"


async def test_login_returns_a_pair_for_the_user(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)

    pair = await login_handler(fakes)(Login(email=EMAIL, password=PASSWORD))

    assert fakes.tokens.verify_access(pair.token) == user_id
    claims = fakes.tokens.verify_refresh(pair.refresh_token)
    assert claims.user_id == user_id


async def test_login_opens_a_refresh_session_valid_for_30_days(fakes: Fakes) -> None:
    await sign_up(fakes, email=EMAIL)

    pair = await log_in(fakes, EMAIL)

    jti = fakes.tokens.verify_refresh(pair.refresh_token).jti
    session = fakes.uow.db.refresh_sessions[jti]
    assert len(jti) == 32
    assert session.expires_at_ms == fakes.clock.now_ms() + 30 * 24 * 3600 * 1000
    assert not session.used
    assert not session.revoked


async def test_each_login_starts_its_own_family(fakes: Fakes) -> None:
    await sign_up(fakes, email=EMAIL)
    first = await log_in(fakes, EMAIL)
    second = await log_in(fakes, EMAIL)

    sessions = fakes.uow.db.refresh_sessions
    families = {
        sessions[fakes.tokens.verify_refresh(pair.refresh_token).jti].family
        for pair in (first, second)
    }
    assert len(families) == 2


async def test_email_is_matched_case_insensitively(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)

    pair = await login_handler(fakes)(Login(email=" ALICE@example.com", password=PASSWORD))

    assert fakes.tokens.verify_access(pair.token) == user_id


async def test_unknown_email_is_not_found(fakes: Fakes) -> None:
    with pytest.raises(NotFound) as caught:
        await login_handler(fakes)(Login(email="nobody@example.com", password=PASSWORD))
    assert caught.value.message == "unable to get authentication by email"


@pytest.mark.parametrize("password", ["wrong password", "", "x" * 10_000])
async def test_wrong_password_is_unauthorized(fakes: Fakes, password: str) -> None:
    await sign_up(fakes, email=EMAIL)

    with pytest.raises(Unauthorized) as caught:
        await login_handler(fakes)(Login(email=EMAIL, password=password))

    assert caught.value.message == "unable to compare hash"
    assert fakes.uow.db.refresh_sessions == {}


async def test_blocked_user_is_refused_after_the_password_check(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    fakes.uow.db.users[user_id].blocked = True

    with pytest.raises(Unauthorized) as wrong:
        await login_handler(fakes)(Login(email=EMAIL, password="wrong password"))
    with pytest.raises(Unauthorized) as right:
        await login_handler(fakes)(Login(email=EMAIL, password=PASSWORD))

    assert wrong.value.message == "unable to compare hash"
    assert right.value.message == "user is banned"
    assert fakes.uow.db.refresh_sessions == {}


async def test_credential_without_user_is_refused_as_banned(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    del fakes.uow.db.users[user_id]

    with pytest.raises(Unauthorized) as caught:
        await log_in(fakes, EMAIL)

    assert caught.value.message == "user is banned"
