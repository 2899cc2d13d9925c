import msgspec

from application.errors import Conflict, StoreConflict, Unauthorized
from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.present import invite_dto
from application.wire.dto import InviteDTO
from domain.invites import Invite, code_for, ttl_seconds
from domain.permissions import Permission


class CreateInvite(msgspec.Struct, frozen=True, kw_only=True):
    """Invite people to ``guild_id``."""

    actor_id: int
    guild_id: int
    expires_in_sec: int | None = None
    """Absent → 7 days, 0 → "unlimited" (100 years), else 60..2592000 seconds."""


class CreateInviteHandler:
    """Create an invite whose code is derived from its id (spec row 68, §13.5).

    Needs CreateInvite as owner or member: 401 ``permissions required`` otherwise (GoChat let
    non-members through, spec §17 item 16). The expiry is checked after the permission, as in
    GoChat. Codes keep only the last 8 base-36 digits of the id, so two ids can share one; on
    such a clash the invite is retried once with a new id, and a second clash is a 409 (GoChat
    answered 500 with the same text).
    """

    def __init__(self, *, uow: UnitOfWork, ids: IdGenerator, clock: Clock) -> None:
        self._uow = uow
        self._ids = ids
        self._clock = clock

    async def __call__(self, command: CreateInvite) -> InviteDTO:
        """The new invite; raise ``NotFound``, ``Unauthorized``, ``ValidationError`` or 409."""
        try:
            return await self._attempt(command)
        except StoreConflict:
            pass  # the code of a new id clashed with a live invite's: one retry, as GoChat
        try:
            return await self._attempt(command)
        except StoreConflict:
            raise Conflict("unable to create invite") from None

    async def _attempt(self, command: CreateInvite) -> InviteDTO:
        async with self._uow.write() as tx:
            await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.CREATE_INVITE,
                refusal=Unauthorized,
            )
            ttl_s = ttl_seconds(command.expires_in_sec)
            now = self._clock.now_ms()
            invite_id = self._ids.next_id()
            invite = Invite(
                id=invite_id,
                code=code_for(invite_id),
                guild_id=command.guild_id,
                author_id=command.actor_id,
                created_at_ms=now,
                expires_at_ms=now + ttl_s * 1000,
            )
            await tx.invites.add(invite)
        return invite_dto(invite)
