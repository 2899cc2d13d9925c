import copy
from collections.abc import Mapping

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import StoreConflict
from application.ports.role_repository import RoleRepository
from domain.roles import Role, sort_roles


class MemoryRoleRepository(RoleRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, role_id: int) -> Role | None:
        role = self._db.roles.get(role_id)
        return copy.copy(role) if role else None

    @override
    async def list_by_guild(self, guild_id: int) -> list[Role]:
        mine = (r for r in self._db.roles.values() if r.guild_id == guild_id)
        return [copy.copy(r) for r in sort_roles(mine)]

    @override
    async def add(self, role: Role) -> None:
        if role.id in self._db.roles:
            raise StoreConflict("role id already exists")
        self._db.roles[role.id] = copy.copy(role)

    @override
    async def update(self, role: Role) -> None:
        """Name, colour, permissions and position; a role never changes guild."""
        stored = self._db.roles.get(role.id)
        if stored is None:
            return
        stored.name = role.name
        stored.color = role.color
        stored.permissions = role.permissions
        stored.position = role.position

    @override
    async def delete(self, role_id: int) -> None:
        self._db.cascade_role(role_id)

    @override
    async def set_positions(self, guild_id: int, positions: Mapping[int, int]) -> list[Role]:
        """The repositioned roles, sorted by their new position, then id."""
        moved: list[Role] = []
        for role_id, position in positions.items():
            role = self._db.roles.get(role_id)
            if role is not None and role.guild_id == guild_id:
                role.position = position
                moved.append(role)
        return [copy.copy(r) for r in sort_roles(moved)]
