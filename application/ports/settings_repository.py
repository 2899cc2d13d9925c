from abc import abstractmethod
from typing import Protocol


class SettingsRepository(Protocol):
    """Each user's settings document (opaque JSON bytes) and its version counter."""

    @abstractmethod
    async def get(self, user_id: int) -> tuple[bytes, int] | None:
        """The stored document and its version."""

    @abstractmethod
    async def save(self, user_id: int, document: bytes) -> int:
        """Replace the document, bump the version (first save is 1); returns the new version."""
