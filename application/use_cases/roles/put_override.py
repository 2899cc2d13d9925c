from application.ports.unit_of_work import UnitOfWork
from application.use_cases.roles.overrides import OverrideChange, check_override_change, sanitized


class PutOverride(OverrideChange, frozen=True, kw_only=True):
    """Create or replace one role's override on one channel."""


class PutOverrideHandler:
    """Insert or replace a role's override on a guild channel (spec row 55); no event.

    Needs ManageChannels (406); the channel and the role must belong to the guild (404).
    Deviation (spec §17 item 20): the masks are sanitized on insert too, not only on update.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: PutOverride) -> None:
        """Nothing; raise ``ValidationError``, ``NotFound`` or ``NotAcceptable``."""
        override = sanitized(command)
        async with self._uow.write() as tx:
            await check_override_change(tx, command)
            await tx.overrides.put(command.channel_id, command.role_id, override)
