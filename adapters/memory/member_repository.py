import copy

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.ports.member_repository import MemberRepository
from domain.members import Member


class MemoryMemberRepository(MemberRepository):
    """Members with ``role_ids`` filled from the assignment table, in ascending role id."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, guild_id: int, user_id: int) -> Member | None:
        member = self._db.members.get((guild_id, user_id))
        return self._filled(member) if member else None

    @override
    async def list_by_guild(self, guild_id: int) -> list[Member]:
        keys = sorted(k for k in self._db.members if k[0] == guild_id)
        return [self._filled(self._db.members[k]) for k in keys]

    @override
    async def add(self, member: Member) -> bool:
        """Roles listed on ``member`` are assigned too, as if added one by one."""
        key = (member.guild_id, member.user_id)
        if key in self._db.members:
            return False
        stored = copy.copy(member)
        stored.role_ids = []
        self._db.members[key] = stored
        if member.role_ids:
            self._db.member_roles.setdefault(key, set()).update(member.role_ids)
        return True

    @override
    async def remove(self, guild_id: int, user_id: int) -> None:
        self._db.cascade_member(guild_id, user_id)

    @override
    async def count(self, guild_id: int) -> int:
        return sum(1 for g, _ in self._db.members if g == guild_id)

    @override
    async def add_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        self._db.member_roles.setdefault((guild_id, user_id), set()).add(role_id)

    @override
    async def remove_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        assigned = self._db.member_roles.get((guild_id, user_id))
        if assigned is not None:
            assigned.discard(role_id)

    def _filled(self, member: Member) -> Member:
        filled = copy.copy(member)
        filled.role_ids = sorted(self._db.member_roles.get((member.guild_id, member.user_id), ()))
        return filled
