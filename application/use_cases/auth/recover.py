import msgspec

from application.errors import Gone, NotAcceptable, NotFound
from application.ports.clock import Clock
from application.ports.mailer import Mailer
from application.ports.randomness import Randomness
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.services.mail_templates import password_reset_mail
from application.use_cases.auth.delivery import send_or_undo
from application.use_cases.auth.inputs import valid_email
from domain.accounts import CONFIRMATION_TOKEN_LENGTH, RECOVERY_TTL_MS, Recovery


class Recover(msgspec.Struct, frozen=True, kw_only=True):
    """Body of ``POST /auth/recovery``."""

    email: str


class RecoverHandler:
    """Mail a password-reset link (spec §3.5).

    Unknown email → 404 ``email not found``; blocked user → 410 ``user is banned``; a request
    younger than 60 s → 406 ``recovery email already sent`` (GoChat's status; its swagger says
    409). Otherwise any older request is replaced by a new 40-character token valid for 24 h.
    The token is committed before the mail is sent; if sending fails the previous request is
    put back and the answer is 500 ``unable to send email``.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        random: Randomness,
        clock: Clock,
        mailer: Mailer,
        base_url: str,
        app_name: str,
    ) -> None:
        self._uow = uow
        self._random = random
        self._clock = clock
        self._mailer = mailer
        self._base_url = base_url
        self._app_name = app_name

    async def __call__(self, command: Recover) -> None:
        """Mail the reset link; raise ``NotFound``, ``Gone``, ``NotAcceptable`` or ``Failed``."""
        email = valid_email(command.email)
        now = self._clock.now_ms()
        async with self._uow.write() as tx:
            user_id = await _recoverable_user(tx, email)
            previous = await tx.recoveries.get(user_id)
            if previous is not None and previous.too_recent(now):
                raise NotAcceptable("recovery email already sent")
            recovery = Recovery(
                user_id=user_id,
                token=self._random.token(CONFIRMATION_TOKEN_LENGTH),
                created_at_ms=now,
                expires_at_ms=now + RECOVERY_TTL_MS,
            )
            await tx.recoveries.save(recovery)
        mail = password_reset_mail(
            to=email,
            app_name=self._app_name,
            base_url=self._base_url,
            user_id=user_id,
            token=recovery.token,
            now_ms=now,
        )
        await send_or_undo(self._mailer, mail, lambda: _restore(self._uow, recovery, previous))


async def _recoverable_user(tx: Transaction, email: str) -> int:
    credential = await tx.credentials.get_by_email(email)
    if credential is None:
        raise NotFound("email not found")
    user = await tx.users.get(credential.user_id)
    if user is None:
        raise NotFound("email not found")
    if user.blocked:
        raise Gone("user is banned")
    return user.id


async def _restore(uow: UnitOfWork, sent: Recovery, previous: Recovery | None) -> None:
    async with uow.write() as tx:
        # Only undo our own write: a reset may have used it, or a newer request replaced it.
        if await tx.recoveries.get(sent.user_id) != sent:
            return
        if previous is None:
            await tx.recoveries.delete(sent.user_id)
        else:
            await tx.recoveries.save(previous)
