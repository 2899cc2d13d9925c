from application.ports.unit_of_work import UnitOfWork
from application.use_cases.roles.overrides import OverrideChange, check_override_change, sanitized


class PatchOverride(OverrideChange, frozen=True, kw_only=True):
    """Replace the masks of an existing override."""


class PatchOverrideHandler:
    """Update an existing override with sanitized masks (spec row 56); no event.

    Same checks as ``PutOverrideHandler``. As in GoChat, patching an override that does not
    exist changes nothing and still succeeds.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: PatchOverride) -> None:
        """Nothing; raise ``ValidationError``, ``NotFound`` or ``NotAcceptable``."""
        override = sanitized(command)
        async with self._uow.write() as tx:
            await check_override_change(tx, command)
            await tx.overrides.update(command.channel_id, command.role_id, override)
