from typing_extensions import override

from adapters.scylla.session import ScyllaSession
from application.ports.read_state_store import ReadStateStore

_SET = "UPDATE read_states SET channels[?] = ? WHERE user_id = ?"
_GET_ALL = "SELECT channels FROM read_states WHERE user_id = ?"


class ScyllaReadStateStore(ReadStateStore):
    """GoChat's ``read_states``: one map per user, channel → last read message id.

    Setting one entry writes only that map cell, so acks of different channels never overwrite
    each other, and reading a user's states is a single-partition read.
    """

    def __init__(self, session: ScyllaSession) -> None:
        self._session = session

    @override
    async def set(self, user_id: int, channel_id: int, message_id: int) -> None:
        await self._session.execute(_SET, (channel_id, message_id, user_id))

    @override
    async def get_all(self, user_id: int) -> dict[int, int]:
        rows = await self._session.execute(_GET_ALL, (user_id,))
        return dict(rows[0]["channels"] or {}) if rows else {}
