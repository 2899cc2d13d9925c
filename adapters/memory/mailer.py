from typing_extensions import override

from application.errors import Unavailable
from application.ports.mailer import Mail, Mailer


class CapturingMailer(Mailer):
    """Keeps every mail in ``sent`` so tests can follow the confirmation or reset link.

    Set ``unavailable`` to make ``send`` fail as an unreachable provider would.
    """

    def __init__(self) -> None:
        self.sent: list[Mail] = []
        self.unavailable = False

    @override
    async def send(self, mail: Mail) -> None:
        if self.unavailable:
            raise Unavailable
        self.sent.append(mail)
