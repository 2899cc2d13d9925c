from abc import abstractmethod
from typing import Protocol


class Clock(Protocol):
    """The current time. A port so tests can hold time still or move it on purpose."""

    @abstractmethod
    def now_ms(self) -> int:
        """Unix time in milliseconds."""
