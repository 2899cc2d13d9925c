import msgspec

from application.errors import NotFound
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from application.services.present import guild_dto
from application.use_cases.invites.lookup import INVITE_NOT_FOUND, find_invite
from application.wire.dto import InvitePreviewDTO
from application.wire.timefmt import rfc3339


class PreviewInvite(msgspec.Struct, frozen=True, kw_only=True):
    """Show what ``code`` leads to."""

    actor_id: int
    code: str


class PreviewInviteHandler:
    """What an invite leads to, for any signed-in user (spec row 71).

    Non-members may look: that is the point of a preview, and GoChat allows it too. A code
    that is not 8 characters long is a 400 ``invalid invite code``; an unknown or expired one
    is a 404 ``invite not found``.
    """

    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, query: PreviewInvite) -> InvitePreviewDTO:
        """The preview; raise ``Invalid`` or ``NotFound``."""
        invite = await find_invite(self._uow, query.code, self._clock.now_ms())
        async with self._uow.read() as tx:
            guild = await tx.guilds.get(invite.guild_id)
            members = await tx.members.count(invite.guild_id)
        if guild is None:
            raise NotFound(INVITE_NOT_FOUND)
        return InvitePreviewDTO(
            id=invite.id,
            code=invite.code,
            guild=guild_dto(guild),
            author_id=invite.author_id,
            created_at=rfc3339(invite.created_at_ms),
            expires_at=rfc3339(invite.expires_at_ms),
            members_count=members,
        )
