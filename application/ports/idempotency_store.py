from abc import abstractmethod
from typing import Protocol

import msgspec


class StoredResponse(msgspec.Struct, frozen=True):
    """What a retry with the same key gets back: the first response, byte for byte."""

    status: int
    content_type: str
    body: bytes


class IdempotencyStore(Protocol):
    """Remembers the response to a request by its idempotency key, so a retry replays it."""

    @abstractmethod
    async def get(self, key: str) -> StoredResponse | None:
        """The stored response for ``key`` while it has not lapsed."""

    @abstractmethod
    async def lock(self, key: str, ttl_s: int) -> bool:
        """Claim ``key`` for processing; False while another request holds it."""

    @abstractmethod
    async def save(self, key: str, response: StoredResponse, ttl_s: int) -> None:
        """Store the response and release the claim."""

    @abstractmethod
    async def release(self, key: str) -> None:
        """Give up the claim without storing (the request failed)."""
