"""Failures of the auth use cases that ``application.errors`` has no outcome for."""

from application.errors import AppError


class Failed(AppError):
    """500: a side effect the request depends on failed (GoChat's ``unable to send email``).

    Not ``Unavailable`` (503): GoChat answers a mail failure with 500 and the text below, and
    clients show that text.
    """


UNABLE_TO_SEND_EMAIL = "unable to send email"
