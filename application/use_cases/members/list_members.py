import msgspec

from application.errors import Unauthorized
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.present import member_dto
from application.wire.dto import MemberDTO


class ListMembers(msgspec.Struct, frozen=True, kw_only=True):
    """The guild's members."""

    actor_id: int
    guild_id: int


class ListMembersHandler:
    """A guild's members with their users and role ids, by user id (spec row 40).

    Members only (401 ``permissions required``). A member whose user row is gone is shown as
    "Unknown User" rather than failing the whole list.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListMembers) -> list[MemberDTO]:
        """Members by user id; raise ``NotFound`` or ``Unauthorized``."""
        async with self._uow.read() as tx:
            await authorize(tx, query.guild_id, query.actor_id, refusal=Unauthorized)
            members = await tx.members.list_by_guild(query.guild_id)
            users = await tx.users.get_many(member.user_id for member in members)
        return [member_dto(member, users.get(member.user_id)) for member in members]
