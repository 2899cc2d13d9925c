import hashlib
import string

from typing_extensions import override

from application.ports.randomness import Randomness

URL_SAFE = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


class CountingRandomness(Randomness):
    """Reproducible tokens: a hash-derived filler ending in the call counter.

    The counter (in the 64-letter URL-safe alphabet) makes every token differ from all earlier
    ones of the same length as long as ``64 ** length`` exceeds the number of calls; the filler
    keeps tokens from looking alike in test output.
    """

    def __init__(self) -> None:
        self._count = 0

    @override
    def token(self, length: int) -> str:
        if length < 0:
            msg = f"token length must not be negative ({length})"
            raise ValueError(msg)
        self._count += 1
        code = _encode(self._count)
        if len(code) >= length:
            return code[len(code) - length :]
        return _filler(self._count, length - len(code)) + code


def _encode(value: int) -> str:
    digits: list[str] = []
    while value:
        value, rest = divmod(value, len(URL_SAFE))
        digits.append(URL_SAFE[rest])
    return "".join(reversed(digits)) or URL_SAFE[0]


def _filler(seed: int, length: int) -> str:
    letters: list[str] = []
    block = 0
    while len(letters) < length:
        digest = hashlib.sha256(f"parley-fake-token-{seed}-{block}".encode()).digest()
        letters.extend(URL_SAFE[byte % len(URL_SAFE)] for byte in digest)
        block += 1
    return "".join(letters[:length])
