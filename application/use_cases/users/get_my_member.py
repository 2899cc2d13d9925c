import msgspec

from application.errors import NotFound
from application.ports.unit_of_work import UnitOfWork
from application.services.present import member_dto
from application.wire.dto import MemberDTO


class GetMyMember(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /user/me/guilds/{guild_id}/member``."""

    actor_id: int
    guild_id: int


class GetMyMemberHandler:
    """The caller's own membership in a guild, with role ids (spec §2.4.2 row 10).

    Not a member (or no such guild) → 404 ``unable to get member``. GoChat shows the member
    avatar in ``user.avatar`` when set; avatars are resolved by a later issue, so it is omitted.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: GetMyMember) -> MemberDTO:
        """The caller's membership; raise ``NotFound``."""
        async with self._uow.read() as tx:
            member = await tx.members.get(query.guild_id, query.actor_id)
            if member is None:
                raise NotFound("unable to get member")
            user = await tx.users.get(query.actor_id)
        return member_dto(member, user)
