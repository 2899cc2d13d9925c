"""The two transactional mails of the AUTH service (spec §13.12), rendered to HTML.

GoChat rendered ``html/template`` files with ``{AppName, BaseURL, UserId, Token, Year}``. Only
the link matters to clients (the web app routes ``/app/confirmation/{id}/{token}`` and
``/app/recovery/{id}/{token}``), so the markup is a small fixed template here. Every value is
passed through ``html.escape``: the app name and base URL come from configuration, but an
operator typo must not become markup in someone's inbox.
"""

import html
from datetime import UTC, datetime
from string import Template

from application.ports.mailer import Mail

CONFIRMATION_SUBJECT = "Email confirmation"
PASSWORD_RESET_SUBJECT = "Password reset"  # noqa: S105 - a mail subject, not a secret

_LAYOUT = Template(
    """<!DOCTYPE html>
<html>
<body style="font-family: sans-serif; background: #f4f4f7; padding: 24px;">
  <div style="max-width: 480px; margin: 0 auto; background: #ffffff; padding: 24px;">
    <h1 style="font-size: 20px;">$heading</h1>
    <p>$text</p>
    <p><a href="$link" style="display: inline-block; padding: 12px 20px; background: #5865f2;
       color: #ffffff; text-decoration: none;">$action</a></p>
    <p style="font-size: 12px; color: #666666;">If the button does not work, open this link:<br>
       $link</p>
    <p style="font-size: 12px; color: #999999;">&copy; $year $app_name</p>
  </div>
</body>
</html>
"""
)


def _year(now_ms: int) -> int:
    return datetime.fromtimestamp(now_ms / 1000, tz=UTC).year


def _link(base_url: str, route: str, user_id: int, token: str) -> str:
    return f"{base_url.rstrip('/')}/app/{route}/{user_id}/{token}"


def _render(*, heading: str, text: str, action: str, link: str, app_name: str, now_ms: int) -> str:
    return _LAYOUT.substitute(
        heading=html.escape(heading),
        text=html.escape(text),
        action=html.escape(action),
        link=html.escape(link, quote=True),
        app_name=html.escape(app_name),
        year=_year(now_ms),
    )


def confirmation_mail(
    *, to: str, app_name: str, base_url: str, user_id: int, token: str, now_ms: int
) -> Mail:
    """The sign-up mail whose link finishes the registration (``POST /auth/confirmation``)."""
    link = _link(base_url, "confirmation", user_id, token)
    body = _render(
        heading=f"Welcome to {app_name}",
        text="Confirm your email address to finish creating your account.",
        action="Confirm email",
        link=link,
        app_name=app_name,
        now_ms=now_ms,
    )
    return Mail(to=to, subject=CONFIRMATION_SUBJECT, html=body, link=link)


def password_reset_mail(
    *, to: str, app_name: str, base_url: str, user_id: int, token: str, now_ms: int
) -> Mail:
    """The recovery mail whose link lets the user choose a new password (``POST /auth/reset``)."""
    link = _link(base_url, "recovery", user_id, token)
    body = _render(
        heading=f"Reset your {app_name} password",
        text="Someone asked to reset the password of this account. If it was not you, ignore "
        "this mail; the link stops working after 24 hours.",
        action="Choose a new password",
        link=link,
        app_name=app_name,
        now_ms=now_ms,
    )
    return Mail(to=to, subject=PASSWORD_RESET_SUBJECT, html=body, link=link)
