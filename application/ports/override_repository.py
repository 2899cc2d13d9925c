from abc import abstractmethod
from typing import Protocol

from domain.permissions import Override


class OverrideRepository(Protocol):
    """Per-channel permission overrides for roles (and, read-only, for users)."""

    @abstractmethod
    async def list_for_channel(self, channel_id: int) -> dict[int, Override]:
        """Role id → override for one channel."""

    @abstractmethod
    async def put(self, channel_id: int, role_id: int, override: Override) -> None:
        """Insert or replace."""

    @abstractmethod
    async def update(self, channel_id: int, role_id: int, override: Override) -> bool:
        """Replace an existing override; False (and no change) when there is none."""

    @abstractmethod
    async def delete(self, channel_id: int, role_id: int) -> None:
        """Remove a role's override; absent overrides are ignored."""

    @abstractmethod
    async def get_user_override(self, channel_id: int, user_id: int) -> Override | None:
        """The user's own override on a channel; nothing writes these yet (spec §13.13)."""
