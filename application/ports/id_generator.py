from abc import abstractmethod
from typing import Protocol


class IdGenerator(Protocol):
    """Unique, time-ordered snowflake ids; clients read message times from them."""

    @abstractmethod
    def next_id(self) -> int:
        """A new id, larger than every id this generator returned before."""
