import pytest

from application.errors import Invalid, NotFound, Unauthorized
from application.use_cases.auth.login import Login
from application.use_cases.auth.recover import Recover
from application.use_cases.auth.refresh import Refresh
from application.use_cases.auth.reset import ResetPassword
from tests.unit.auth.flows import (
    PASSWORD,
    link_parts,
    log_in,
    login_handler,
    recover_handler,
    refresh_handler,
    reset_handler,
    sign_up,
)
from tests.unit.fakes import Fakes

EMAIL = "alice@example.com"
NEW_PASSWORD = "battery staple"


async def requested(fakes: Fakes) -> tuple[int, str]:
    await sign_up(fakes, email=EMAIL)
    await recover_handler(fakes)(Recover(email=EMAIL))
    return link_parts(fakes.mailer.sent[-1])


async def test_reset_replaces_the_password_and_consumes_the_request(fakes: Fakes) -> None:
    user_id, token = await requested(fakes)

    await reset_handler(fakes)(ResetPassword(id=user_id, token=token, password=NEW_PASSWORD))

    assert user_id not in fakes.uow.db.recoveries
    with pytest.raises(Unauthorized):
        await log_in(fakes, EMAIL)
    pair = await login_handler(fakes)(Login(email=EMAIL, password=NEW_PASSWORD))
    assert fakes.tokens.verify_access(pair.token) == user_id


async def test_reset_revokes_every_refresh_session(fakes: Fakes) -> None:
    await sign_up(fakes, email=EMAIL)
    pair = await log_in(fakes, EMAIL)
    await recover_handler(fakes)(Recover(email=EMAIL))
    user_id, token = link_parts(fakes.mailer.sent[-1])

    await reset_handler(fakes)(ResetPassword(id=user_id, token=token, password=NEW_PASSWORD))

    with pytest.raises(Unauthorized) as caught:
        await refresh_handler(fakes)(Refresh(refresh_token=pair.refresh_token))
    assert caught.value.message == "Invalid or expired JWT"


async def test_a_link_works_once(fakes: Fakes) -> None:
    user_id, token = await requested(fakes)
    command = ResetPassword(id=user_id, token=token, password=NEW_PASSWORD)
    await reset_handler(fakes)(command)

    with pytest.raises(NotFound) as caught:
        await reset_handler(fakes)(command)

    assert caught.value.message == "unable to get recovery"


@pytest.mark.parametrize(
    ("token", "password", "user_id", "text"),
    [
        ("t" * 40, "short", 1, "password: password must be at least 8 characters."),
        ("t" * 40, "p" * 51, 1, "password: password must be no more than 50 characters."),
        ("t" * 39, NEW_PASSWORD, 1, "token: token must be exactly 40 characters."),
        ("t" * 40, NEW_PASSWORD, -1, "id: id must be a positive number."),
    ],
)
async def test_field_rules(
    fakes: Fakes, token: str, password: str, user_id: int, text: str
) -> None:
    with pytest.raises(Invalid) as caught:
        await reset_handler(fakes)(ResetPassword(id=user_id, token=token, password=password))
    assert caught.value.message == text


async def test_no_request_is_not_found(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)

    with pytest.raises(NotFound) as caught:
        await reset_handler(fakes)(ResetPassword(id=user_id, token="t" * 40, password=NEW_PASSWORD))

    assert caught.value.message == "unable to get recovery"


async def test_request_past_24_hours_is_not_found(fakes: Fakes) -> None:
    user_id, token = await requested(fakes)
    fakes.clock.advance(24 * 3600 * 1000)

    with pytest.raises(NotFound) as caught:
        await reset_handler(fakes)(ResetPassword(id=user_id, token=token, password=NEW_PASSWORD))

    assert caught.value.message == "unable to get recovery"
    await log_in(fakes, EMAIL)  # the old password still works


async def test_wrong_token_is_unauthorized_and_changes_nothing(fakes: Fakes) -> None:
    user_id, token = await requested(fakes)
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")

    with pytest.raises(Unauthorized) as caught:
        await reset_handler(fakes)(ResetPassword(id=user_id, token=wrong, password=NEW_PASSWORD))

    assert caught.value.message == "token is incorrect"
    assert user_id in fakes.uow.db.recoveries
    await login_handler(fakes)(Login(email=EMAIL, password=PASSWORD))  # old password intact
