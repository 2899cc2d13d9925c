import msgspec

from application.ports.unit_of_work import UnitOfWork
from application.services.access import load_guild_context


class AuthorizeGuilds(msgspec.Struct, frozen=True, kw_only=True):
    """Op 5 ``guilds``: the socket wants these guilds' ``guild.{id}`` events."""

    actor_id: int
    guild_ids: list[int]


class AuthorizeGuildsHandler:
    """Which of the asked guilds the actor may follow: those they are a member (or owner) of.

    As in GoChat (spec §8.3), unknown guilds and guilds of others are silently left out; the
    order asked is kept and duplicates are dropped.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: AuthorizeGuilds) -> list[int]:
        """The allowed guild ids."""
        allowed: list[int] = []
        async with self._uow.read() as tx:
            for guild_id in dict.fromkeys(command.guild_ids):
                context = await load_guild_context(tx, guild_id, command.actor_id)
                if context is not None and context.access.allows():
                    allowed.append(guild_id)
        return allowed
