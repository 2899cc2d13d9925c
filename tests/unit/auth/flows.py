"""Building the auth handlers over the fakes, and walking users through sign-up."""

from application.ports.mailer import Mail, Mailer
from application.use_cases.auth.confirm import Confirm, ConfirmHandler
from application.use_cases.auth.login import Login, LoginHandler
from application.use_cases.auth.recover import RecoverHandler
from application.use_cases.auth.refresh import RefreshHandler
from application.use_cases.auth.register import Register, RegisterHandler
from application.use_cases.auth.reset import ResetPasswordHandler
from application.wire.dto import TokenPairDTO
from tests.unit.fakes import Fakes

BASE_URL = "https://chat.example"
APP_NAME = "Parley"
PASSWORD = "correct horse"


def register_handler(f: Fakes, mailer: Mailer | None = None) -> RegisterHandler:
    return RegisterHandler(
        uow=f.uow,
        ids=f.ids,
        random=f.random,
        clock=f.clock,
        mailer=mailer or f.mailer,
        base_url=BASE_URL,
        app_name=APP_NAME,
    )


def confirm_handler(f: Fakes) -> ConfirmHandler:
    return ConfirmHandler(uow=f.uow, hasher=f.hasher, clock=f.clock)


def login_handler(f: Fakes) -> LoginHandler:
    return LoginHandler(uow=f.uow, hasher=f.hasher, tokens=f.tokens, random=f.random, clock=f.clock)


def refresh_handler(f: Fakes) -> RefreshHandler:
    return RefreshHandler(uow=f.uow, tokens=f.tokens, random=f.random, clock=f.clock)


def recover_handler(f: Fakes, mailer: Mailer | None = None) -> RecoverHandler:
    return RecoverHandler(
        uow=f.uow,
        random=f.random,
        clock=f.clock,
        mailer=mailer or f.mailer,
        base_url=BASE_URL,
        app_name=APP_NAME,
    )


def reset_handler(f: Fakes) -> ResetPasswordHandler:
    return ResetPasswordHandler(uow=f.uow, hasher=f.hasher, clock=f.clock)


def link_parts(mail: Mail) -> tuple[int, str]:
    """User id and token from a mail's ``…/app/<route>/<id>/<token>`` link."""
    user_id, token = mail.link.rsplit("/", 2)[-2:]
    return int(user_id), token


async def sign_up(f: Fakes, email: str = "alice@example.com", discriminator: str = "alice") -> int:
    """Register and confirm through the mailed link; the new user's id."""
    await register_handler(f)(Register(email=email))
    user_id, token = link_parts(f.mailer.sent[-1])
    await confirm_handler(f)(
        Confirm(
            id=user_id, token=token, name="Alice", discriminator=discriminator, password=PASSWORD
        )
    )
    return user_id


async def log_in(f: Fakes, email: str = "alice@example.com") -> TokenPairDTO:
    return await login_handler(f)(Login(email=email, password=PASSWORD))
