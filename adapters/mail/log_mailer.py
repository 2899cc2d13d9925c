"""A mailer that only logs, for development and for deployments without mail."""

import logging

from typing_extensions import override

from application.ports.mailer import Mail, Mailer

logger = logging.getLogger("parley.mail")


class LogMailer(Mailer):
    """Logs recipient, subject and the action link at INFO, GoChat's ``log`` provider (§3.6).

    The link is what a developer needs to finish a sign-up locally. The HTML body is not
    logged: it repeats the link and would bury it. Mails never contain passwords.
    """

    @override
    async def send(self, mail: Mail) -> None:
        logger.info("mail to %s: %s: %s", mail.to, mail.subject, mail.link)
