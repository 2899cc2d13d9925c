from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.ports.override_repository import OverrideRepository
from domain.permissions import Override


class MemoryOverrideRepository(OverrideRepository):
    """Role overrides by (channel, role); user overrides are read-only through the port.

    ``Override`` is frozen, so values are shared rather than copied.
    """

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def list_for_channel(self, channel_id: int) -> dict[int, Override]:
        return {
            role: o
            for (channel, role), o in self._db.role_overrides.items()
            if channel == channel_id
        }

    @override
    async def put(self, channel_id: int, role_id: int, override: Override) -> None:
        self._db.role_overrides[channel_id, role_id] = override

    @override
    async def update(self, channel_id: int, role_id: int, override: Override) -> bool:
        if (channel_id, role_id) not in self._db.role_overrides:
            return False
        self._db.role_overrides[channel_id, role_id] = override
        return True

    @override
    async def delete(self, channel_id: int, role_id: int) -> None:
        self._db.role_overrides.pop((channel_id, role_id), None)

    @override
    async def get_user_override(self, channel_id: int, user_id: int) -> Override | None:
        return self._db.user_overrides.get((channel_id, user_id))
