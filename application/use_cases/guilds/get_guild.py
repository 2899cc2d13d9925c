import msgspec

from application.errors import NOT_A_MEMBER, Forbidden
from application.ports.unit_of_work import UnitOfWork
from application.services.access import guild_context
from application.services.present import guild_dto
from application.wire.dto import GuildDTO


class GetGuild(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /guild/{guild_id}``."""

    actor_id: int
    guild_id: int


class GetGuildHandler:
    """Show a guild to its members (403 ``not a member`` otherwise, as GoChat answers)."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: GetGuild) -> GuildDTO:
        """The guild, or ``NotFound`` / ``Forbidden``."""
        async with self._uow.read() as tx:
            context = await guild_context(tx, query.guild_id, query.actor_id)
        if context.member is None:
            raise Forbidden(NOT_A_MEMBER)
        return guild_dto(context.guild)
