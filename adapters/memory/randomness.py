import hashlib
import string

from typing_extensions import override

from application.ports.randomness import Randomness

URL_SAFE = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


COUNTER_WIDTH = 8
"""Letters of each token given to the counter: unique for 64**8 calls."""


class CountingRandomness(Randomness):
    """Reproducible tokens: a hash-derived filler ending in the call counter.

    The counter is written in the 64-letter URL-safe alphabet at a fixed width (the last
    ``min(length, 8)`` letters), so a token differs from every earlier one of the same length
    until ``64 ** min(length, 8)`` calls; the filler keeps tokens from looking alike in output.
    """

    def __init__(self) -> None:
        self._count = 0

    @override
    def token(self, length: int) -> str:
        if length < 0:
            msg = f"token length must not be negative ({length})"
            raise ValueError(msg)
        self._count += 1
        width = min(length, COUNTER_WIDTH)
        return _filler(self._count, length - width) + _encode(self._count, width)


def _encode(value: int, width: int) -> str:
    """``value`` modulo ``64 ** width`` in exactly ``width`` letters."""
    letters: list[str] = []
    for _ in range(width):
        value, rest = divmod(value, len(URL_SAFE))
        letters.append(URL_SAFE[rest])
    return "".join(reversed(letters))


def _filler(seed: int, length: int) -> str:
    letters: list[str] = []
    block = 0
    while len(letters) < length:
        digest = hashlib.sha256(f"parley-fake-token-{seed}-{block}".encode()).digest()
        letters.extend(URL_SAFE[byte % len(URL_SAFE)] for byte in digest)
        block += 1
    return "".join(letters[:length])
