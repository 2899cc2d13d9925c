"""Mail over SMTP with the standard library, run in a worker thread."""

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr

from typing_extensions import override

from application.errors import Unavailable
from application.ports.mailer import Mail, Mailer

IMPLICIT_TLS_PORT = 465


class SmtpMailer(Mailer):
    """Sends each mail on a fresh SMTP connection, as GoChat's ``smtp`` provider (§3.6).

    Port 465 speaks TLS from the first byte (implicit TLS). On any other port the connection
    is upgraded with STARTTLS when the server offers it; with ``use_tls`` the upgrade is
    required, so credentials and reset links are never sent in the clear by accident. Login
    happens only when ``username`` is set. Mail is rare (sign-up, recovery), so a connection
    per mail is simpler than a pool and never holds a stale one. Any SMTP or network failure
    becomes ``Unavailable``.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str,
        password: str,
        use_tls: bool,
        sender_email: str,
        sender_name: str,
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._username = username
        self._password = password
        self._use_tls = use_tls
        self._sender = formataddr((sender_name, sender_email))
        self._timeout = timeout
        # Certificates are verified against the system CAs unless a context (e.g. trusting a
        # private CA) is given.
        self._ssl_context = ssl_context

    @override
    async def send(self, mail: Mail) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.html, subtype="html")
        try:
            await asyncio.to_thread(self._deliver, message)
        except (smtplib.SMTPException, OSError) as exc:
            raise Unavailable("unable to send email") from exc

    def _deliver(self, message: EmailMessage) -> None:
        context = self._ssl_context or ssl.create_default_context()
        if self._port == IMPLICIT_TLS_PORT:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self._host, self._port, timeout=self._timeout, context=context
            )
        else:
            client = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        with client:
            if self._port != IMPLICIT_TLS_PORT:
                self._upgrade(client, context)
            if self._username:
                client.login(self._username, self._password)
            client.send_message(message)

    def _upgrade(self, client: smtplib.SMTP, context: ssl.SSLContext) -> None:
        client.ehlo()
        if client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        elif self._use_tls:
            msg = "the SMTP server does not offer STARTTLS"
            raise smtplib.SMTPNotSupportedError(msg)
