import hmac

import msgspec

from application.errors import Conflict, NotFound, StoreConflict, Unauthorized
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.use_cases.auth.inputs import id_problem, require_valid, token_problem
from domain.accounts import Credential, Registration
from domain.users import User, discriminator_problem, name_problem, password_problem


class Confirm(msgspec.Struct, frozen=True, kw_only=True):
    """Body of ``POST /auth/confirmation``: the mailed id and token plus the new profile."""

    id: int
    token: str
    name: str
    discriminator: str
    password: str


class ConfirmHandler:
    """Finish a sign-up: the mailed token turns a pending registration into a user (spec §3.3).

    Checks, in GoChat's order: field rules (400), the registration exists (404), the token
    matches (401, compared in constant time so it cannot be guessed byte by byte), the
    discriminator is free (409). Then, in one transaction, the registration is deleted and the
    user and its credential are created, so a half-created account cannot exist.

    The password is hashed between a read-only check and the write, which repeats the checks:
    hashing is slow on purpose and must not hold a write transaction, and the repeat keeps two
    racing confirmations from both succeeding. Deviation: registrations older than 7 days are
    treated as missing (GoChat kept them forever, §17 item 32).
    """

    def __init__(self, *, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def __call__(self, command: Confirm) -> None:
        """Create the account; raise ``Invalid``, ``NotFound``, ``Unauthorized`` or ``Conflict``."""
        require_valid(
            {
                "id": id_problem(command.id),
                "token": token_problem(command.token),
                "name": name_problem(command.name),
                "discriminator": discriminator_problem(command.discriminator),
                "password": password_problem(command.password),
            }
        )
        async with self._uow.read() as tx:
            await self._check(tx, command)
        password_hash = await self._hasher.hash(command.password)
        async with self._uow.write() as tx:
            registration = await self._check(tx, command)
            await tx.registrations.delete(registration.user_id)
            user = User(
                id=registration.user_id,
                name=command.name,
                discriminator=command.discriminator,
                created_at_ms=self._clock.now_ms(),
            )
            try:
                await tx.users.add(user)
            except StoreConflict as exc:  # lost a race for the discriminator
                raise Conflict("discriminator is not unique") from exc
            await tx.credentials.add(
                Credential(user_id=user.id, email=registration.email, password_hash=password_hash)
            )

    async def _check(self, tx: Transaction, command: Confirm) -> Registration:
        registration = await tx.registrations.get(command.id)
        if registration is None or registration.expired(self._clock.now_ms()):
            raise NotFound("unable to get registration by id")
        if not hmac.compare_digest(registration.token.encode(), command.token.encode()):
            raise Unauthorized("token is incorrect")
        if await tx.users.find_by_discriminator(command.discriminator) is not None:
            raise Conflict("discriminator is not unique")
        return registration
