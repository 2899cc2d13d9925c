import msgspec

from application.ports.unit_of_work import UnitOfWork
from application.services.present import guild_dto
from application.wire.dto import GuildDTO


class ListMyGuilds(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /user/me/guilds``."""

    actor_id: int


class ListMyGuildsHandler:
    """The guilds the caller is a member of, by id (spec §2.4.2 row 9).

    ``permissions`` is always 0 here, as in GoChat (§17 item 28): clients compute their own
    permissions from roles. Icons are not resolved yet (a later issue owns them).
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListMyGuilds) -> list[GuildDTO]:
        """The caller's guilds with ``permissions`` 0."""
        async with self._uow.read() as tx:
            guilds = await tx.guilds.list_for_user(query.actor_id)
        return [guild_dto(guild, permissions=0) for guild in guilds]
