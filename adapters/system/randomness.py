"""Secret tokens from the operating system's CSPRNG."""

import secrets

from typing_extensions import override

from application.ports.randomness import Randomness


class SecretsRandomness(Randomness):
    """URL-safe base64 of fresh random bytes, cut to length (GoChat: 30 bytes → 40 chars).

    Each character carries 6 bits, so a 40-character token holds 240 bits of entropy.
    """

    @override
    def token(self, length: int) -> str:
        if length <= 0:
            msg = f"token length must be positive, not {length}"
            raise ValueError(msg)
        # ceil(length * 6 / 8) bytes encode to at least ``length`` characters.
        return secrets.token_urlsafe((length * 3 + 3) // 4)[:length]
