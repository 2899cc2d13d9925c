import pytest
from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import Invalid, TooManyRequests
from application.ports.mailer import Mail, Mailer
from application.use_cases.auth.errors import Failed
from application.use_cases.auth.register import Register, RegisterOutcome
from domain.accounts import Credential
from tests.unit.auth.flows import BASE_URL, link_parts, register_handler, sign_up
from tests.unit.fakes import Fakes

EMAIL = "bob@example.com"


async def test_new_email_gets_a_confirmation_mail_with_a_40_char_token(fakes: Fakes) -> None:
    outcome = await register_handler(fakes)(Register(email=EMAIL))

    assert outcome is RegisterOutcome.MAIL_SENT
    [mail] = fakes.mailer.sent
    assert mail.to == EMAIL
    assert mail.subject == "Email confirmation"
    user_id, token = link_parts(mail)
    assert mail.link == f"{BASE_URL}/app/confirmation/{user_id}/{token}"
    assert len(token) == 40
    stored = fakes.uow.db.registrations[user_id]
    assert (stored.email, stored.token, stored.created_at_ms) == (
        EMAIL,
        token,
        fakes.clock.now_ms(),
    )


async def test_email_is_stored_trimmed_and_lower_case(fakes: Fakes) -> None:
    await register_handler(fakes)(Register(email="  Bob@Example.COM "))

    [registration] = fakes.uow.db.registrations.values()
    assert registration.email == EMAIL
    assert fakes.mailer.sent[0].to == EMAIL


@pytest.mark.parametrize(
    ("email", "text"),
    [
        ("", "email: email is required."),
        ("not-an-email", "email: email format is invalid."),
        ("a@b", "email: email format is invalid."),
        ("x" * 250 + "@example.com", "email: email format is invalid."),
    ],
)
async def test_invalid_email_is_refused(fakes: Fakes, email: str, text: str) -> None:
    with pytest.raises(Invalid) as caught:
        await register_handler(fakes)(Register(email=email))
    assert caught.value.message == text
    assert fakes.mailer.sent == []


async def test_email_with_an_account_is_answered_already_registered_without_mail(
    fakes: Fakes,
) -> None:
    fakes.uow.db.credentials[7] = Credential(user_id=7, email=EMAIL, password_hash="h")
    fakes.uow.db.credential_emails[EMAIL] = 7

    outcome = await register_handler(fakes)(Register(email="BOB@example.com"))

    assert outcome is RegisterOutcome.ALREADY_REGISTERED
    assert fakes.mailer.sent == []
    assert fakes.uow.db.registrations == {}


async def test_registering_again_within_a_minute_is_refused(fakes: Fakes) -> None:
    handler = register_handler(fakes)
    await handler(Register(email=EMAIL))
    fakes.clock.advance(59_999)

    with pytest.raises(TooManyRequests) as caught:
        await handler(Register(email=EMAIL))

    assert caught.value.message == "email already sent"
    assert len(fakes.mailer.sent) == 1


async def test_registering_again_later_resends_the_same_token_and_id(fakes: Fakes) -> None:
    handler = register_handler(fakes)
    await handler(Register(email=EMAIL))
    fakes.clock.advance(60_000)

    await handler(Register(email=EMAIL))

    first, second = fakes.mailer.sent
    assert first.link == second.link
    [registration] = fakes.uow.db.registrations.values()
    assert registration.created_at_ms == fakes.clock.now_ms()


async def test_a_lapsed_registration_gets_a_fresh_token_for_the_same_id(fakes: Fakes) -> None:
    handler = register_handler(fakes)
    await handler(Register(email=EMAIL))
    fakes.clock.advance(7 * 24 * 3600 * 1000 + 1)

    await handler(Register(email=EMAIL))

    first, second = (link_parts(mail) for mail in fakes.mailer.sent)
    assert first[0] == second[0]
    assert first[1] != second[1]
    assert fakes.uow.db.registrations[second[0]].token == second[1]


async def test_each_email_gets_its_own_user_id(fakes: Fakes) -> None:
    handler = register_handler(fakes)
    await handler(Register(email="one@example.com"))
    await handler(Register(email="two@example.com"))

    ids = {link_parts(mail)[0] for mail in fakes.mailer.sent}
    assert len(ids) == 2


async def test_mail_failure_leaves_no_registration_so_a_retry_works(fakes: Fakes) -> None:
    handler = register_handler(fakes)
    fakes.mailer.unavailable = True

    with pytest.raises(Failed) as caught:
        await handler(Register(email=EMAIL))

    assert caught.value.message == "unable to send email"
    assert fakes.uow.db.registrations == {}
    fakes.mailer.unavailable = False
    assert await handler(Register(email=EMAIL)) is RegisterOutcome.MAIL_SENT


async def test_mail_failure_on_a_resend_restores_the_previous_registration(fakes: Fakes) -> None:
    handler = register_handler(fakes)
    await handler(Register(email=EMAIL))
    [before] = fakes.uow.db.registrations.values()
    fakes.clock.advance(120_000)
    fakes.mailer.unavailable = True

    with pytest.raises(Failed):
        await handler(Register(email=EMAIL))

    assert list(fakes.uow.db.registrations.values()) == [before]


class RowTakenWhileSending(Mailer):
    """Fails after someone else consumed the pending sign-up (e.g. confirmed it)."""

    def __init__(self, db: MemoryDatabase, user_id: int) -> None:
        self._db = db
        self._user_id = user_id

    @override
    async def send(self, mail: Mail) -> None:
        self._db.registrations.pop(self._user_id)
        raise ConnectionResetError


async def test_undo_leaves_alone_a_row_that_changed_meanwhile(fakes: Fakes) -> None:
    await register_handler(fakes)(Register(email=EMAIL))
    fakes.clock.advance(120_000)
    user_id, _ = link_parts(fakes.mailer.sent[0])
    handler = register_handler(fakes, mailer=RowTakenWhileSending(fakes.uow.db, user_id))

    with pytest.raises(Failed):
        await handler(Register(email=EMAIL))

    assert fakes.uow.db.registrations == {}


async def test_registered_user_can_sign_up_only_once(fakes: Fakes) -> None:
    await sign_up(fakes, email=EMAIL)

    assert await register_handler(fakes)(Register(email=EMAIL)) is (
        RegisterOutcome.ALREADY_REGISTERED
    )
