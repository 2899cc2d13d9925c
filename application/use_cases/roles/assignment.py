"""What assigning and unassigning a role share: who may, to whom, and which role."""

import msgspec

from application.errors import NOT_A_MEMBER, NotAcceptable, NotFound
from application.ports.unit_of_work import Transaction
from application.services.access import authorize
from application.use_cases.roles.lookups import require_manageable, role_of_guild
from domain.permissions import Permission


class MemberRoleChange(msgspec.Struct, frozen=True, kw_only=True):
    """Give (``AssignRole``) or take (``UnassignRole``) one role of one member."""

    actor_id: int
    guild_id: int
    user_id: int
    role_id: int


async def check_role_change(tx: Transaction, command: MemberRoleChange) -> None:
    """GoChat's order: ManageRoles (406), target membership (404), the role (404 / 400).

    Then, unless the actor is the owner, they must hold every bit of the role (406), so a
    ManageRoles holder cannot hand out (or take away) Administrator (spec §17 item 21).
    """
    context = await authorize(
        tx, command.guild_id, command.actor_id, Permission.MANAGE_ROLES, refusal=NotAcceptable
    )
    if await tx.members.get(command.guild_id, command.user_id) is None:
        raise NotFound(NOT_A_MEMBER)
    role = await role_of_guild(tx, command.guild_id, command.role_id)
    require_manageable(context, role.permissions)
