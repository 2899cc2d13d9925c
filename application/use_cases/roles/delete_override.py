from application.ports.unit_of_work import UnitOfWork
from application.use_cases.roles.overrides import OverrideTarget, check_override_change


class DeleteOverride(OverrideTarget, frozen=True, kw_only=True):
    """Remove one role's override from one channel."""


class DeleteOverrideHandler:
    """Remove a role's override from a guild channel (spec row 57); absent is fine; no event.

    Needs ManageChannels (406); the channel and the role must belong to the guild (404).
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: DeleteOverride) -> None:
        """Nothing; raise ``NotFound`` or ``NotAcceptable``."""
        async with self._uow.write() as tx:
            await check_override_change(tx, command)
            await tx.overrides.delete(command.channel_id, command.role_id)
