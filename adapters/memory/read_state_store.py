from typing_extensions import override

from application.ports.read_state_store import ReadStateStore


class MemoryReadStateStore(ReadStateStore):
    """Last read message per (user, channel); a later ``set`` overwrites, as an upsert would."""

    def __init__(self) -> None:
        self._states: dict[int, dict[int, int]] = {}

    @override
    async def set(self, user_id: int, channel_id: int, message_id: int) -> None:
        self._states.setdefault(user_id, {})[channel_id] = message_id

    @override
    async def get_all(self, user_id: int) -> dict[int, int]:
        return dict(self._states.get(user_id, {}))
