import pytest
from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import Gone, Invalid, NotAcceptable, NotFound
from application.ports.mailer import Mail, Mailer
from application.use_cases.auth.errors import Failed
from application.use_cases.auth.recover import Recover
from tests.unit.auth.flows import BASE_URL, link_parts, recover_handler, sign_up
from tests.unit.fakes import Fakes

EMAIL = "alice@example.com"
HOUR_MS = 3600 * 1000


async def test_recovery_mails_a_reset_link_valid_for_24_hours(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    fakes.mailer.sent.clear()

    await recover_handler(fakes)(Recover(email=EMAIL))

    [mail] = fakes.mailer.sent
    assert (mail.to, mail.subject) == (EMAIL, "Password reset")
    linked_id, token = link_parts(mail)
    assert mail.link == f"{BASE_URL}/app/recovery/{user_id}/{token}"
    assert linked_id == user_id
    assert len(token) == 40
    recovery = fakes.uow.db.recoveries[user_id]
    now = fakes.clock.now_ms()
    assert (recovery.token, recovery.created_at_ms, recovery.expires_at_ms) == (
        token,
        now,
        now + 24 * HOUR_MS,
    )


async def test_email_is_matched_case_insensitively(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)

    await recover_handler(fakes)(Recover(email="Alice@Example.com"))

    assert user_id in fakes.uow.db.recoveries


async def test_malformed_email_is_invalid(fakes: Fakes) -> None:
    with pytest.raises(Invalid) as caught:
        await recover_handler(fakes)(Recover(email="alice"))
    assert caught.value.message == "email: email format is invalid."


async def test_unknown_email_is_not_found(fakes: Fakes) -> None:
    with pytest.raises(NotFound) as caught:
        await recover_handler(fakes)(Recover(email="nobody@example.com"))
    assert caught.value.message == "email not found"
    assert fakes.mailer.sent == []


async def test_credential_without_user_is_not_found(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    del fakes.uow.db.users[user_id]

    with pytest.raises(NotFound) as caught:
        await recover_handler(fakes)(Recover(email=EMAIL))

    assert caught.value.message == "email not found"


async def test_blocked_user_is_gone(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    fakes.uow.db.users[user_id].blocked = True

    with pytest.raises(Gone) as caught:
        await recover_handler(fakes)(Recover(email=EMAIL))

    assert caught.value.message == "user is banned"
    assert fakes.uow.db.recoveries == {}


async def test_second_request_within_a_minute_is_not_acceptable(fakes: Fakes) -> None:
    await sign_up(fakes, email=EMAIL)
    handler = recover_handler(fakes)
    await handler(Recover(email=EMAIL))
    fakes.clock.advance(59_999)

    with pytest.raises(NotAcceptable) as caught:
        await handler(Recover(email=EMAIL))

    assert caught.value.message == "recovery email already sent"


async def test_later_request_replaces_the_token(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    handler = recover_handler(fakes)
    await handler(Recover(email=EMAIL))
    fakes.clock.advance(60_000)

    await handler(Recover(email=EMAIL))

    first, second = (link_parts(mail)[1] for mail in fakes.mailer.sent[-2:])
    assert first != second
    assert fakes.uow.db.recoveries[user_id].token == second


async def test_mail_failure_leaves_no_recovery(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    fakes.mailer.unavailable = True

    with pytest.raises(Failed) as caught:
        await recover_handler(fakes)(Recover(email=EMAIL))

    assert caught.value.message == "unable to send email"
    assert user_id not in fakes.uow.db.recoveries


async def test_mail_failure_restores_the_previous_request(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    handler = recover_handler(fakes)
    await handler(Recover(email=EMAIL))
    before = fakes.uow.db.recoveries[user_id]
    fakes.clock.advance(HOUR_MS)
    fakes.mailer.unavailable = True

    with pytest.raises(Failed):
        await handler(Recover(email=EMAIL))

    assert fakes.uow.db.recoveries[user_id] == before


class RecoveryUsedWhileSending(Mailer):
    def __init__(self, db: MemoryDatabase, user_id: int) -> None:
        self._db = db
        self._user_id = user_id

    @override
    async def send(self, mail: Mail) -> None:
        del self._db.recoveries[self._user_id]
        raise TimeoutError


async def test_undo_leaves_alone_a_request_that_changed_meanwhile(fakes: Fakes) -> None:
    user_id = await sign_up(fakes, email=EMAIL)
    handler = recover_handler(fakes, mailer=RecoveryUsedWhileSending(fakes.uow.db, user_id))

    with pytest.raises(Failed):
        await handler(Recover(email=EMAIL))

    assert user_id not in fakes.uow.db.recoveries
