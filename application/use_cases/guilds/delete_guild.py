import msgspec

from application.errors import PERMISSIONS_REQUIRED, Forbidden
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import UnitOfWork
from application.services.access import guild_context


class DeleteGuild(msgspec.Struct, frozen=True, kw_only=True):
    """``DELETE /guild/{guild_id}``."""

    actor_id: int
    guild_id: int


class DeleteGuildHandler:
    """Delete a guild with everything in it; only its owner may (spec row 30).

    Rule: the owner only, whatever their roles (403 ``permissions required``); an unknown guild
    is 404 ``guild not found`` (GoChat: 500). The guild row and all that belongs to it (channels,
    roles, members, overrides, invites, bans) go in one transaction; the channels' messages are
    dropped once that committed. GoChat left roles, overrides, invites and bans orphaned (spec
    §17 item 46); the repository removes them. No event is published, as in GoChat (105
    GuildDelete is never sent). Read states and stored mentions of the channels are left to
    lapse: their stores offer no delete, and nothing reaches them without the channel.
    """

    def __init__(self, *, uow: UnitOfWork, messages: MessageStore) -> None:
        self._uow = uow
        self._messages = messages

    async def __call__(self, command: DeleteGuild) -> None:
        """Delete the guild or raise ``NotFound`` / ``Forbidden``."""
        async with self._uow.write() as tx:
            context = await guild_context(tx, command.guild_id, command.actor_id)
            if not context.access.is_owner:
                raise Forbidden(PERMISSIONS_REQUIRED)
            channel_ids = [c.id for c in await tx.channels.list_by_guild(command.guild_id)]
            await tx.guilds.delete(command.guild_id)
        await self._messages.delete_channels(channel_ids)
