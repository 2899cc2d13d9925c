from abc import abstractmethod
from collections.abc import Mapping
from typing import Protocol

from domain.roles import Role


class RoleRepository(Protocol):
    """Guild roles and their order."""

    @abstractmethod
    async def get(self, role_id: int) -> Role | None:
        """A role by id; callers check it belongs to the guild in the path."""

    @abstractmethod
    async def list_by_guild(self, guild_id: int) -> list[Role]:
        """Sorted by position, then id."""

    @abstractmethod
    async def add(self, role: Role) -> None:
        """Insert a role at the position it carries (callers append after the last)."""

    @abstractmethod
    async def update(self, role: Role) -> None:
        """Store name, colour, permissions and position."""

    @abstractmethod
    async def delete(self, role_id: int) -> None:
        """Remove the role, its assignments and its channel overrides."""

    @abstractmethod
    async def set_positions(self, guild_id: int, positions: Mapping[int, int]) -> list[Role]:
        """Reposition roles of this guild; foreign ids are ignored. Returns the updated roles."""
