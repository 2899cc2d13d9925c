from dataclasses import replace
from enum import StrEnum

import msgspec

from application.errors import TooManyRequests
from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from application.ports.mailer import Mailer
from application.ports.randomness import Randomness
from application.ports.unit_of_work import UnitOfWork
from application.services.mail_templates import confirmation_mail
from application.use_cases.auth.delivery import send_or_undo
from application.use_cases.auth.inputs import valid_email
from domain.accounts import CONFIRMATION_TOKEN_LENGTH, Registration


class Register(msgspec.Struct, frozen=True, kw_only=True):
    """Body of ``POST /auth/registration``."""

    email: str


class RegisterOutcome(StrEnum):
    """``MAIL_SENT`` → 201 ``Created``; ``ALREADY_REGISTERED`` → 302 ``Found`` (no mail)."""

    MAIL_SENT = "mail_sent"
    ALREADY_REGISTERED = "already_registered"


class RegisterHandler:
    """Start a sign-up by mailing a confirmation link (spec §3.3 step 1).

    An email that already has an account gets no mail; GoChat answers 302 so the client can
    say so. A pending sign-up younger than 60 s is refused with 429 so the endpoint cannot be
    used to flood an inbox; an older one re-sends the same token for the same user id. The
    address is stored trimmed and lower-cased so one inbox cannot sign up twice.

    Deviations: pending sign-ups lapse after 7 days (GoChat kept them forever, §17 item 32), so a
    lapsed one gets a fresh token instead of a re-send of a dead link. If the mail cannot be
    sent the registration is put back as it was and the request fails with 500
    ``unable to send email``.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        ids: IdGenerator,
        random: Randomness,
        clock: Clock,
        mailer: Mailer,
        base_url: str,
        app_name: str,
    ) -> None:
        self._uow = uow
        self._ids = ids
        self._random = random
        self._clock = clock
        self._mailer = mailer
        self._base_url = base_url
        self._app_name = app_name

    async def __call__(self, command: Register) -> RegisterOutcome:
        """Mail the confirmation link; raise ``Invalid``, ``TooManyRequests`` or ``Failed``."""
        email = valid_email(command.email)
        now = self._clock.now_ms()
        async with self._uow.write() as tx:
            if await tx.credentials.get_by_email(email) is not None:
                return RegisterOutcome.ALREADY_REGISTERED
            previous = await tx.registrations.get_by_email(email)
            registration = _resent(previous, now) or self._fresh(previous, email, now)
            await tx.registrations.save(registration)
        mail = confirmation_mail(
            to=email,
            app_name=self._app_name,
            base_url=self._base_url,
            user_id=registration.user_id,
            token=registration.token,
            now_ms=now,
        )
        await send_or_undo(self._mailer, mail, lambda: _restore(self._uow, registration, previous))
        return RegisterOutcome.MAIL_SENT

    def _fresh(self, previous: Registration | None, email: str, now: int) -> Registration:
        user_id = previous.user_id if previous is not None else self._ids.next_id()
        token = self._random.token(CONFIRMATION_TOKEN_LENGTH)
        return Registration(user_id=user_id, email=email, token=token, created_at_ms=now)


def _resent(previous: Registration | None, now: int) -> Registration | None:
    """The pending sign-up with a fresh ``created_at``, if there is one worth re-sending."""
    if previous is None:
        return None
    if previous.too_recent(now):
        raise TooManyRequests("email already sent")
    return None if previous.expired(now) else replace(previous, created_at_ms=now)


async def _restore(uow: UnitOfWork, sent: Registration, previous: Registration | None) -> None:
    async with uow.write() as tx:
        # Only undo our own write: the row may have been confirmed or replaced meanwhile.
        if await tx.registrations.get(sent.user_id) != sent:
            return
        if previous is None:
            await tx.registrations.delete(sent.user_id)
        else:
            await tx.registrations.save(previous)
