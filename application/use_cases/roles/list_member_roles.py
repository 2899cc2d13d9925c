import msgspec

from application.errors import NOT_A_MEMBER, NotFound, Unauthorized
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.present import role_dto
from application.wire.dto import RoleDTO


class ListMemberRoles(msgspec.Struct, frozen=True, kw_only=True):
    """The roles of member ``user_id``."""

    actor_id: int
    guild_id: int
    user_id: int


class ListMemberRolesHandler:
    """The roles of one member, for fellow members (spec row 50).

    The caller must be a member (401 ``permissions required``), the target too (404 ``not a
    member``). Roles come in the guild's order (position, then id).
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListMemberRoles) -> list[RoleDTO]:
        """The member's roles; raise ``NotFound`` or ``Unauthorized``."""
        async with self._uow.read() as tx:
            await authorize(tx, query.guild_id, query.actor_id, refusal=Unauthorized)
            member = await tx.members.get(query.guild_id, query.user_id)
            if member is None:
                raise NotFound(NOT_A_MEMBER)
            held = set(member.role_ids)
            roles = [r for r in await tx.roles.list_by_guild(query.guild_id) if r.id in held]
        return [role_dto(role) for role in roles]
