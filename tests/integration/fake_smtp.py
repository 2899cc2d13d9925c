"""A tiny SMTP server for adapter tests (aiosmtpd is not a dependency).

It speaks just enough of RFC 5321 for ``smtplib``: EHLO/HELO, optional STARTTLS, AUTH PLAIN,
MAIL, RCPT, DATA, RSET, NOOP, QUIT. Received messages and logins are kept for assertions.
"""

import base64
import socketserver
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from typing_extensions import override


@dataclass
class Received:
    """What the server saw; shared by the connection handlers."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    tls_sessions: int = 0


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, received: Received, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received = received
        self.tls = tls


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    @override
    def setup(self) -> None:
        super().setup()
        self.sender = ""
        self.recipients: list[str] = []
        self.secure = False

    @override
    def handle(self) -> None:
        self.reply("220 fake.smtp ready")
        while line := self.rfile.readline():
            verb, _, arg = line.decode().rstrip("\r\n").partition(" ")
            if not getattr(self, f"smtp_{verb.lower()}", self.smtp_noop)(arg):
                return

    @override
    def finish(self) -> None:
        super().finish()
        if self.connection is not self.request:
            self.connection.close()

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    # Each command handler answers and returns False to end the session.

    def smtp_ehlo(self, _: str) -> bool:
        # The first line names the server; smtplib reads extensions from the rest.
        lines = ["fake.smtp", "AUTH PLAIN"]
        if self.server.tls is not None and not self.secure:
            lines.append("STARTTLS")
        for text in lines[:-1]:
            self.reply(f"250-{text}")
        self.reply(f"250 {lines[-1]}")
        return True

    smtp_helo = smtp_ehlo

    def smtp_starttls(self, _: str) -> bool:
        if self.server.tls is None:
            self.reply("502 not offered")
            return True
        self.reply("220 go ahead")
        try:
            secured = self.server.tls.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            return False  # the client gave up, e.g. it did not trust the certificate
        self.rfile.close()
        self.wfile.close()
        self.connection = secured
        self.rfile = secured.makefile("rb")
        self.wfile = secured.makefile("wb")
        self.secure = True
        self.server.received.tls_sessions += 1
        return True

    def smtp_auth(self, arg: str) -> bool:
        _, _, blob = arg.partition(" ")
        _, user, password = base64.b64decode(blob).decode().split("\0")
        self.server.received.logins.append((user, password))
        self.reply("235 authenticated")
        return True

    def smtp_mail(self, arg: str) -> bool:
        self.sender, self.recipients = arg.partition(":")[2].strip("<>"), []
        self.reply("250 ok")
        return True

    def smtp_rcpt(self, arg: str) -> bool:
        self.recipients.append(arg.partition(":")[2].strip("<>"))
        self.reply("250 ok")
        return True

    def smtp_data(self, _: str) -> bool:
        self.reply("354 end with .")
        lines: list[bytes] = []
        while (line := self.rfile.readline()) not in {b".\r\n", b""}:
            lines.append(line[1:] if line.startswith(b"..") else line)
        message = message_from_bytes(b"".join(lines), policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.server.received.messages.append(message)
        self.server.received.envelopes.append((self.sender, self.recipients))
        self.reply("250 queued")
        return True

    def smtp_quit(self, _: str) -> bool:
        self.reply("221 bye")
        return False

    def smtp_noop(self, _: str) -> bool:
        self.reply("250 ok")
        return True


@contextmanager
def fake_smtp(tls: ssl.SSLContext | None = None) -> Iterator[tuple[int, Received]]:
    """Serve on a free loopback port; yields the port and what was received."""
    received = Received()
    server = _Server(received, tls)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1], received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
