import msgspec

from application.errors import Unauthorized
from application.ports.randomness import Randomness
from application.ports.token_service import TokenError, TokenService
from application.ports.unit_of_work import UnitOfWork

SESSION_ID_LENGTH = 32
UNKNOWN_USER = "unable to get user"


class Identify(msgspec.Struct, frozen=True, kw_only=True):
    """An op 1 hello: the access token and, on a reconnect, the previous session id."""

    token: str
    session_id: str | None = None


class Identity(msgspec.Struct, frozen=True, kw_only=True):
    """Who the socket belongs to and the session id it was given."""

    user_id: int
    session_id: str


class IdentifyHandler:
    """Authenticate a gateway socket (spec §8.2 step 3-4, §3.1 WS rules).

    The token is an access token, optionally prefixed ``Bearer ``; its user must exist. The
    session id is the client's previous one when given (GoChat keeps presence sessions across
    reconnects this way), else a fresh random one. Deviation: GoChat's ids are UUIDv4 strings;
    here they are 32 URL-safe random characters, which clients treat as opaque either way.
    Raises ``Unauthorized`` with the reason; the gateway closes the socket then.
    """

    def __init__(self, *, tokens: TokenService, uow: UnitOfWork, random: Randomness) -> None:
        self._tokens = tokens
        self._uow = uow
        self._random = random

    async def __call__(self, command: Identify) -> Identity:
        """The identity; raise ``Unauthorized``."""
        token = command.token.strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        try:
            user_id = self._tokens.verify_access(token)
        except TokenError as error:
            raise Unauthorized(error.message) from error
        async with self._uow.read() as tx:
            user = await tx.users.get(user_id)
        if user is None:
            raise Unauthorized(UNKNOWN_USER)
        session_id = command.session_id or self._random.token(SESSION_ID_LENGTH)
        return Identity(user_id=user_id, session_id=session_id)
