import copy

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import StoreConflict
from application.ports.invite_repository import InviteRepository
from domain.invites import Invite


class MemoryInviteRepository(InviteRepository):
    """Invites by id plus a unique code index; an expired invite holds its code until purged."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def add(self, invite: Invite) -> None:
        if invite.code in self._db.invite_codes:
            raise StoreConflict("invite code already taken")
        if invite.id in self._db.invites:
            raise StoreConflict("invite id already exists")
        self._db.invites[invite.id] = copy.copy(invite)
        self._db.invite_codes[invite.code] = invite.id

    @override
    async def list_active(self, guild_id: int, now_ms: int) -> list[Invite]:
        active = [
            i for i in self._db.invites.values() if i.guild_id == guild_id and i.is_active(now_ms)
        ]
        active.sort(key=lambda i: (i.created_at_ms, i.id), reverse=True)
        return [copy.copy(i) for i in active]

    @override
    async def get_by_code(self, code: str, now_ms: int) -> Invite | None:
        invite_id = self._db.invite_codes.get(code)
        invite = self._db.invites.get(invite_id) if invite_id is not None else None
        if invite is None:
            return None
        if not invite.is_active(now_ms):
            self._forget(invite)
            return None
        return copy.copy(invite)

    @override
    async def delete(self, guild_id: int, invite_id: int) -> None:
        invite = self._db.invites.get(invite_id)
        if invite is not None and invite.guild_id == guild_id:
            self._forget(invite)

    def _forget(self, invite: Invite) -> None:
        del self._db.invites[invite.id]
        self._db.invite_codes.pop(invite.code, None)
