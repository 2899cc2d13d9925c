from abc import abstractmethod
from typing import Protocol

from domain.invites import Invite


class InviteRepository(Protocol):
    """Guild invites, addressable by their 8-character code."""

    @abstractmethod
    async def add(self, invite: Invite) -> None:
        """Insert; raise ``StoreConflict`` if the code is taken."""

    @abstractmethod
    async def list_active(self, guild_id: int, now_ms: int) -> list[Invite]:
        """Unexpired invites of a guild, newest first."""

    @abstractmethod
    async def get_by_code(self, code: str, now_ms: int) -> Invite | None:
        """The active invite with this code; expired ones are purged and not returned."""

    @abstractmethod
    async def delete(self, guild_id: int, invite_id: int) -> None:
        """Remove an invite of this guild; absent ids are ignored (GoChat answers 204 anyway)."""
