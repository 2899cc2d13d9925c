import datetime as dt
import ipaddress
import logging
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from adapters.mail.log_mailer import LogMailer
from adapters.mail.smtp_mailer import SmtpMailer
from application.errors import Unavailable
from application.ports.mailer import Mail
from tests.integration.fake_smtp import fake_smtp

MAIL = Mail(
    to="alice@example.com",
    subject="Email confirmation",
    html="<p>Welcome to Parley — <a href='https://x/app/confirmation/1/tok'>confirm</a></p>",
    link="https://x/app/confirmation/1/tok",
)


def mailer(port: int, **changes: object) -> SmtpMailer:
    settings: dict[str, object] = {
        "host": "127.0.0.1",
        "port": port,
        "username": "",
        "password": "",
        "use_tls": False,
        "sender_email": "noreply@parley.example",
        "sender_name": "Parley",
        "timeout": 5.0,
    }
    settings.update(changes)
    return SmtpMailer(**settings)  # type: ignore[arg-type]


async def test_log_mailer_logs_recipient_subject_and_link(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="parley.mail"):
        await LogMailer().send(MAIL)

    [record] = caplog.records
    assert record.name == "parley.mail"
    assert record.levelno == logging.INFO
    text = record.getMessage()
    assert MAIL.to in text
    assert MAIL.subject in text
    assert MAIL.link in text


async def test_smtp_delivers_an_html_mail() -> None:
    with fake_smtp() as (port, received):
        await mailer(port).send(MAIL)

    [message] = received.messages
    assert received.envelopes == [("noreply@parley.example", ["alice@example.com"])]
    assert message["From"] == "Parley <noreply@parley.example>"
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "Email confirmation"
    assert message.get_content_type() == "text/html"
    assert message.get_content().strip() == MAIL.html
    assert received.logins == []


async def test_smtp_logs_in_when_a_username_is_set() -> None:
    with fake_smtp() as (port, received):
        await mailer(port, username="bot", password="s3cret").send(MAIL)

    assert received.logins == [("bot", "s3cret")]
    assert len(received.messages) == 1


async def test_unreachable_server_is_unavailable(unused_tcp_port: int) -> None:
    with pytest.raises(Unavailable):
        await mailer(unused_tcp_port, timeout=1.0).send(MAIL)


async def test_required_tls_without_starttls_is_unavailable_and_sends_nothing() -> None:
    with fake_smtp() as (port, received), pytest.raises(Unavailable):
        await mailer(port, use_tls=True, username="bot", password="s3cret").send(MAIL)

    assert received.logins == []
    assert received.messages == []


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1: (server context, client context trusting it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake.smtp")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_path, key_path)
    client = ssl.create_default_context(cafile=str(cert_path))
    return server, client


async def test_starttls_is_used_when_offered(
    certificate: tuple[ssl.SSLContext, ssl.SSLContext],
) -> None:
    server_tls, client_tls = certificate
    with fake_smtp(tls=server_tls) as (port, received):
        await mailer(port, use_tls=True, ssl_context=client_tls, username="bot").send(MAIL)

    assert received.tls_sessions == 1
    assert len(received.messages) == 1
    assert received.logins == [("bot", "")]


async def test_opportunistic_starttls_without_use_tls(
    certificate: tuple[ssl.SSLContext, ssl.SSLContext],
) -> None:
    server_tls, client_tls = certificate
    with fake_smtp(tls=server_tls) as (port, received):
        await mailer(port, ssl_context=client_tls).send(MAIL)

    assert received.tls_sessions == 1
    assert len(received.messages) == 1


async def test_untrusted_certificate_is_unavailable(
    certificate: tuple[ssl.SSLContext, ssl.SSLContext],
) -> None:
    """Without the test CA the default context refuses the self-signed certificate."""
    server_tls, _ = certificate
    with fake_smtp(tls=server_tls) as (port, received), pytest.raises(Unavailable):
        await mailer(port, use_tls=True, username="bot", password="s3cret").send(MAIL)

    assert received.logins == []
    assert received.messages == []


@pytest.mark.skip(reason="implicit TLS needs port 465, which an unprivileged test cannot bind")
async def test_implicit_tls_on_port_465() -> None:  # pragma: no cover
    raise AssertionError
