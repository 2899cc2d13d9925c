"""The gate every guild-management use case passes first: membership plus guild permissions.

GoChat's ``GuildPerm`` never checked membership (spec §17 item 16), so anyone knowing a guild
id got its base mask. Here ``GuildAccess.allows`` refuses non-members outright; the owner
always passes. The refusal's class varies by route because GoChat's status does (401, 403 or
406 for the same text), so callers name it.
"""

from application.errors import PERMISSIONS_REQUIRED, AppError, NotFound
from application.ports.unit_of_work import Transaction
from application.services.access import GuildContext, load_guild_context
from domain.permissions import Permission

GUILD_NOT_FOUND = "guild not found"


async def authorize(
    tx: Transaction,
    guild_id: int,
    actor_id: int,
    *required: Permission,
    refusal: type[AppError],
) -> GuildContext:
    """The actor's context when they are the owner or a member holding every required bit.

    With no bits this is a plain membership check. An unknown guild is a 404.
    """
    context = await load_guild_context(tx, guild_id, actor_id)
    if context is None:
        raise NotFound(GUILD_NOT_FOUND)
    if not context.access.allows(*required):
        raise refusal(PERMISSIONS_REQUIRED)
    return context
