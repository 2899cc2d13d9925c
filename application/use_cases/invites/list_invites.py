import msgspec

from application.errors import Unauthorized
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.present import invite_dto
from application.wire.dto import InviteDTO
from domain.permissions import Permission


class ListInvites(msgspec.Struct, frozen=True, kw_only=True):
    """The guild's active invites."""

    actor_id: int
    guild_id: int


class ListInvitesHandler:
    """The guild's unexpired invites, newest first (spec row 69).

    CreateInvite stands in for "manage invites", as in GoChat; non-members and members
    without it get 401 ``permissions required``.
    """

    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, query: ListInvites) -> list[InviteDTO]:
        """Active invites, newest first; raise ``NotFound`` or ``Unauthorized``."""
        async with self._uow.read() as tx:
            await authorize(
                tx, query.guild_id, query.actor_id, Permission.CREATE_INVITE, refusal=Unauthorized
            )
            invites = await tx.invites.list_active(query.guild_id, self._clock.now_ms())
        return [invite_dto(invite) for invite in invites]
