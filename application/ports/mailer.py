from abc import abstractmethod
from typing import Protocol

import msgspec


class Mail(msgspec.Struct, frozen=True):
    """One rendered transactional mail (confirmation or password reset)."""

    to: str
    subject: str
    html: str
    link: str
    """The one action link in the mail (confirmation or reset); log mailers print it."""


class Mailer(Protocol):
    """Sends transactional mail (log, SMTP...)."""

    @abstractmethod
    async def send(self, mail: Mail) -> None:
        """Deliver ``mail``; raise ``Unavailable`` when the provider cannot be reached."""
