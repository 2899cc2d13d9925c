"""argon2id password hashes, computed off the event loop."""

import asyncio

from argon2 import PasswordHasher as _Argon2, Type
from argon2.exceptions import InvalidHashError, VerificationError
from typing_extensions import override

from application.ports.password_hasher import PasswordHasher

# OWASP Password Storage Cheat Sheet, argon2id minimum: m=19 MiB, t=2, p=1.
DEFAULT_TIME_COST = 2
DEFAULT_MEMORY_COST_KIB = 19_456
DEFAULT_PARALLELISM = 1


class Argon2PasswordHasher(PasswordHasher):
    """argon2id in argon2-cffi's PHC string format (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``).

    GoChat used bcrypt (spec §3.2); the hash never crosses the wire, so a memory-hard
    function is used instead. Hashing takes tens of milliseconds by design, so both calls run
    in a worker thread (argon2-cffi releases the GIL) rather than stalling every connection
    on the event loop.
    """

    def __init__(
        self,
        *,
        time_cost: int = DEFAULT_TIME_COST,
        memory_cost_kib: int = DEFAULT_MEMORY_COST_KIB,
        parallelism: int = DEFAULT_PARALLELISM,
    ) -> None:
        self._argon2 = _Argon2(
            time_cost=time_cost,
            memory_cost=memory_cost_kib,
            parallelism=parallelism,
            type=Type.ID,
        )

    @override
    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._argon2.hash, password)

    @override
    async def verify(self, stored_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self._verify, stored_hash, password)

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            # A mismatch, or a stored value that is not an argon2 hash (e.g. a bcrypt hash
            # imported from GoChat): either way the password is not accepted.
            return False
