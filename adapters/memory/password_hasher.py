import hashlib
import hmac

from typing_extensions import override

from application.ports.password_hasher import PasswordHasher

PREFIX = "fake$"


class MemoryPasswordHasher(PasswordHasher):
    """SHA-256 with a marker prefix: instant in tests, and never the password in clear.

    Not for production (no salt, no work factor); the marker makes a leaked fake hash obvious.
    """

    @override
    async def hash(self, password: str) -> str:
        return PREFIX + hashlib.sha256(password.encode()).hexdigest()

    @override
    async def verify(self, stored_hash: str, password: str) -> bool:
        return hmac.compare_digest(stored_hash, await self.hash(password))
