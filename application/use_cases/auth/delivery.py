"""Sending a mail whose token was already stored, without leaving a dead token behind."""

from collections.abc import Awaitable, Callable

from application.ports.mailer import Mail, Mailer
from application.use_cases.auth.errors import UNABLE_TO_SEND_EMAIL, Failed


async def send_or_undo(mailer: Mailer, mail: Mail, undo: Callable[[], Awaitable[None]]) -> None:
    """Send ``mail``; if that fails, run ``undo`` and raise ``Failed("unable to send email")``.

    The token row is committed before the mail goes out, so no database transaction is held
    open across a slow SMTP exchange. If delivery fails, ``undo`` puts the row back as it was:
    otherwise the fresh ``created_at`` would make the user's retry hit the 60-second
    "already sent" cooldown for a mail that never arrived.
    """
    try:
        await mailer.send(mail)
    except Exception as exc:
        # Any failure, not only ``Unavailable``: whatever went wrong, the mail is not out.
        await undo()
        raise Failed(UNABLE_TO_SEND_EMAIL) from exc
