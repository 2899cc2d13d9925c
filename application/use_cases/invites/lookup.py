"""Resolving an invite code, shared by the preview and accept use cases (spec §13.5)."""

from application.errors import Invalid, NotFound
from application.ports.unit_of_work import UnitOfWork
from domain.invites import Invite, is_well_formed_code

INVALID_CODE = "invalid invite code"
INVITE_NOT_FOUND = "invite not found"


async def find_invite(uow: UnitOfWork, code: str, now_ms: int) -> Invite:
    """The active invite with this code: 400 unless 8 characters long, 404 when none.

    The lookup runs in its own write transaction because finding an expired invite purges it
    (GoChat's ``fetch_guild_invite``), and that purge should stick even though the caller then
    fails with a 404.
    """
    if not is_well_formed_code(code):
        raise Invalid(INVALID_CODE)
    async with uow.write() as tx:
        invite = await tx.invites.get_by_code(code, now_ms)
    if invite is None:
        raise NotFound(INVITE_NOT_FOUND)
    return invite
