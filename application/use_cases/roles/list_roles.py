import msgspec

from application.errors import Unauthorized
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.present import role_dto
from application.wire.dto import RoleDTO


class ListRoles(msgspec.Struct, frozen=True, kw_only=True):
    """The guild's roles."""

    actor_id: int
    guild_id: int


class ListRolesHandler:
    """A guild's roles for its members, by position then id (spec §2.4.4 row 45).

    Non-members get 401 ``permissions required`` as in GoChat. GoChat served this list from a
    cache; Parley reads it from the store, so it never shows a stale order.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListRoles) -> list[RoleDTO]:
        """Roles by position, then id; raise ``NotFound`` or ``Unauthorized``."""
        async with self._uow.read() as tx:
            await authorize(tx, query.guild_id, query.actor_id, refusal=Unauthorized)
            roles = await tx.roles.list_by_guild(query.guild_id)
        return [role_dto(role) for role in roles]
