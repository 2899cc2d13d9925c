import msgspec

from application.errors import Unauthorized
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from domain.permissions import Permission


class DeleteInvite(msgspec.Struct, frozen=True, kw_only=True):
    """Revoke invite ``invite_id`` of ``guild_id``."""

    actor_id: int
    guild_id: int
    invite_id: int


class DeleteInviteHandler:
    """Revoke an invite of the guild (spec row 70): CreateInvite, else 401.

    Deleting an invite that does not exist (or belongs to another guild) changes nothing and
    still succeeds, as in GoChat, so a double click is harmless.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: DeleteInvite) -> None:
        """Nothing; raise ``NotFound`` (guild) or ``Unauthorized``."""
        async with self._uow.write() as tx:
            await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.CREATE_INVITE,
                refusal=Unauthorized,
            )
            await tx.invites.delete(command.guild_id, command.invite_id)
