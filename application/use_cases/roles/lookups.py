"""Loading the role a roles route names, and the anti-escalation rule.

GoChat answered an unknown role id with a 500 and a role of another guild with a 400 (a 404 on
the override routes); Parley keeps the foreign-role answers and turns the 500 into a 404.
"""

from application.errors import PERMISSIONS_REQUIRED, AppError, Invalid, NotAcceptable, NotFound
from application.ports.unit_of_work import Transaction
from application.services.access import GuildContext
from domain.roles import Role, can_manage_role

ROLE_NOT_FOUND = "role not found"
ROLE_NOT_IN_GUILD = "role does not belong to this guild"


async def role_of_guild(
    tx: Transaction,
    guild_id: int,
    role_id: int,
    *,
    missing: AppError | None = None,
    foreign: AppError | None = None,
) -> Role:
    """The role when it belongs to ``guild_id``; 404 when unknown, 400 when foreign by default."""
    role = await tx.roles.get(role_id)
    if role is None:
        raise missing or NotFound(ROLE_NOT_FOUND)
    if role.guild_id != guild_id:
        raise foreign or Invalid(ROLE_NOT_IN_GUILD)
    return role


async def override_role(tx: Transaction, guild_id: int, role_id: int) -> Role:
    """GoChat's override routes answer unknown and foreign roles alike: 404 with one text."""
    refusal = NotFound(ROLE_NOT_IN_GUILD)
    return await role_of_guild(tx, guild_id, role_id, missing=refusal, foreign=refusal)


def require_manageable(context: GuildContext, *masks: int) -> None:
    """Refuse (406) unless the actor holds every bit of each mask (spec §17 item 21).

    The owner holds everything, and so does an Administrator through ``guild_mask``.
    """
    actor_mask = context.access.guild_mask()
    if not all(can_manage_role(actor_mask, mask) for mask in masks):
        raise NotAcceptable(PERMISSIONS_REQUIRED)
