import msgspec

from application.errors import NotFound, Unauthorized
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.randomness import Randomness
from application.ports.token_service import TokenService
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.auth.sessions import issue_session
from application.wire.dto import TokenPairDTO
from domain.users import PASSWORD_MAX, normalize_email


class Login(msgspec.Struct, frozen=True, kw_only=True):
    """Body of ``POST /auth/login``."""

    email: str
    password: str


class LoginHandler:
    """Exchange email and password for an access/refresh token pair (spec §3.4).

    Unknown email → 404, wrong password → 401 ``unable to compare hash``, blocked user → 401
    ``user is banned``; the password is checked before the ban so a ban does not reveal that a
    guessed password was right. A password longer than any that could be registered is
    refused without hashing, so huge inputs cannot be used to burn CPU.

    Deviation: each login opens a refresh-session family that ``RefreshHandler`` rotates and
    can revoke (GoChat never tracked refresh tokens, §17 item 32).
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        tokens: TokenService,
        random: Randomness,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens
        self._random = random
        self._clock = clock

    async def __call__(self, command: Login) -> TokenPairDTO:
        """A fresh pair; raise ``NotFound`` or ``Unauthorized``."""
        async with self._uow.read() as tx:
            credential = await tx.credentials.get_by_email(normalize_email(command.email))
            if credential is None:
                raise NotFound("unable to get authentication by email")
            user = await tx.users.get(credential.user_id)
        matches = len(command.password) <= PASSWORD_MAX and await self._hasher.verify(
            credential.password_hash, command.password
        )
        if not matches:
            raise Unauthorized("unable to compare hash")
        if user is None or user.blocked:
            raise Unauthorized("user is banned")
        async with self._uow.write() as tx:
            return await issue_session(
                tx, tokens=self._tokens, random=self._random, clock=self._clock, user_id=user.id
            )
