import msgspec

from application.errors import NotAcceptable
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.present import unknown_user_dto, user_dto
from application.wire.dto import BanDTO
from domain.members import Ban
from domain.permissions import Permission
from domain.users import User


class ListBans(msgspec.Struct, frozen=True, kw_only=True):
    """The guild's bans."""

    actor_id: int
    guild_id: int


class ListBansHandler:
    """The guild's bans with the banned users, by user id (spec row 41).

    The owner, or a member with BanMembers (406 ``permissions required`` otherwise). A banned
    user whose row is gone shows as "Unknown User", as in GoChat.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListBans) -> list[BanDTO]:
        """Bans by user id; raise ``NotFound`` or ``NotAcceptable``."""
        async with self._uow.read() as tx:
            await authorize(
                tx, query.guild_id, query.actor_id, Permission.BAN_MEMBERS, refusal=NotAcceptable
            )
            bans = await tx.bans.list_by_guild(query.guild_id)
            users = await tx.users.get_many(ban.user_id for ban in bans)
        return [ban_dto(ban, users.get(ban.user_id)) for ban in bans]


def ban_dto(ban: Ban, user: User | None) -> BanDTO:
    shown = user_dto(user) if user else unknown_user_dto(ban.user_id)
    return BanDTO(user=shown, reason=ban.reason)
