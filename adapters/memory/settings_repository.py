from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.ports.settings_repository import SettingsRepository


class MemorySettingsRepository(SettingsRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, user_id: int) -> tuple[bytes, int] | None:
        return self._db.settings.get(user_id)

    @override
    async def save(self, user_id: int, document: bytes) -> int:
        _, version = self._db.settings.get(user_id, (b"", 0))
        self._db.settings[user_id] = (document, version + 1)
        return version + 1
