from typing_extensions import override

from application.ports.clock import Clock

DEFAULT_NOW_MS = 1_700_000_000_000
"""2023-11-14T22:13:20Z: a fixed, recognisable start so test output is reproducible."""


class ManualClock(Clock):
    """A clock that moves only when told to, so tests can reach expiry boundaries exactly."""

    def __init__(self, now_ms: int = DEFAULT_NOW_MS) -> None:
        self._now_ms = now_ms

    @override
    def now_ms(self) -> int:
        return self._now_ms

    def advance(self, ms: int) -> None:
        """Move forward by ``ms``; use ``set`` to go backwards on purpose."""
        if ms < 0:
            msg = f"cannot advance by a negative amount ({ms} ms); use set()"
            raise ValueError(msg)
        self._now_ms += ms

    def set(self, ms: int) -> None:
        self._now_ms = ms
