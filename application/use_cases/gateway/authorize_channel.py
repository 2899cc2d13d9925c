import msgspec

from application.errors import PERMISSIONS_REQUIRED, Forbidden, NotFound
from application.ports.unit_of_work import UnitOfWork
from application.services.access import CHANNEL_NOT_FOUND, channel_access, load_guild_context
from domain.permissions import Permission


class AuthorizeChannel(msgspec.Struct, frozen=True, kw_only=True):
    """Op 5 ``channel``: the socket wants ``channel.{channel_id}``'s events."""

    actor_id: int
    channel_id: int


class ChannelGrant(msgspec.Struct, frozen=True, kw_only=True):
    """A channel the actor may follow, with its guild (None for DMs and group DMs)."""

    channel_id: int
    guild_id: int | None


class AuthorizeChannelHandler:
    """May the actor receive a channel's events (spec §8.3 op 5)?

    Guild channels need ViewChannels (threads use their parent's permissions); DMs and group
    DMs need participation. Deviation (spec §17 items 16 and 47): GoChat's check ignored guild
    membership, so anyone knowing the id of a public guild's channel could listen in; here a
    non-member is refused. Raises ``NotFound`` or ``Forbidden``; the gateway ignores the
    request then, as GoChat does.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: AuthorizeChannel) -> ChannelGrant:
        """The grant; raise ``NotFound`` or ``Forbidden``."""
        async with self._uow.read() as tx:
            channel = await tx.channels.get(command.channel_id)
            if channel is None:
                raise NotFound(CHANNEL_NOT_FOUND)
            if channel.guild_id is None:
                allowed = command.actor_id in await tx.dms.participants(channel.id)
            else:
                context = await load_guild_context(tx, channel.guild_id, command.actor_id)
                allowed = context is not None and (
                    await channel_access(tx, context, channel)
                ).allows(Permission.VIEW_CHANNELS)
        if not allowed:
            raise Forbidden(PERMISSIONS_REQUIRED)
        return ChannelGrant(channel_id=channel.id, guild_id=channel.guild_id)
