from abc import abstractmethod
from typing import Protocol

from domain.members import Member


class MemberRepository(Protocol):
    """Guild membership with each member's role ids."""

    @abstractmethod
    async def get(self, guild_id: int, user_id: int) -> Member | None:
        """The member with ``role_ids`` filled, or None."""

    @abstractmethod
    async def list_by_guild(self, guild_id: int) -> list[Member]:
        """All members ordered by user id, with ``role_ids`` filled."""

    @abstractmethod
    async def add(self, member: Member) -> bool:
        """Insert; False when already a member (nothing changes)."""

    @abstractmethod
    async def remove(self, guild_id: int, user_id: int) -> None:
        """Remove the membership and its role assignments."""

    @abstractmethod
    async def count(self, guild_id: int) -> int:
        """How many members the guild has (invite previews show it)."""

    @abstractmethod
    async def add_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        """Assign a role (idempotent)."""

    @abstractmethod
    async def remove_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        """Unassign a role; removing one the member lacks is not an error."""
