"""Wall-clock time."""

import time

from typing_extensions import override

from application.ports.clock import Clock


class SystemClock(Clock):
    """Unix milliseconds from ``time.time_ns``: integer arithmetic, no float rounding."""

    @override
    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000
