from abc import abstractmethod
from typing import Protocol


class Randomness(Protocol):
    """Unpredictable values for secrets (confirmation and reset tokens)."""

    @abstractmethod
    def token(self, length: int) -> str:
        """A URL-safe random string of exactly ``length`` characters."""
