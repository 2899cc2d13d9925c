import msgspec

from application.errors import PERMISSIONS_REQUIRED, Unauthorized
from application.ports.unit_of_work import UnitOfWork
from application.services.access import channel_access, guild_channel, member_context
from application.services.present import channel_dto
from application.wire.dto import ChannelDTO
from domain.permissions import Permission


class GetGuildChannel(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /guild/{guild_id}/channel/{channel_id}``."""

    actor_id: int
    guild_id: int
    channel_id: int


class GetGuildChannelHandler:
    """One channel of a guild, for members who may see it (spec row 33).

    Rule: members only (403 ``not a member``), checked before the channel is looked up so
    outsiders learn nothing about channel ids; a private channel the actor cannot view is 401
    ``permissions required`` (GoChat's status). The reply has the stored ``parent_id``, the
    guild's everyone mask when the channel has no own ``permissions``, and no ``roles``.
    Deviations: unknown guild 404 ``guild not found`` and a channel of another guild 404
    ``channel not found`` (GoChat: 500 for both); visibility uses the effective channel
    permissions (an Administrator sees every channel, a deny override hides it).
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: GetGuildChannel) -> ChannelDTO:
        """The channel, or the route's refusal."""
        async with self._uow.read() as tx:
            context = await member_context(tx, query.guild_id, query.actor_id)
            channel = await guild_channel(tx, query.guild_id, query.channel_id)
            access = await channel_access(tx, context, channel)
        if access.private and not access.allows(Permission.VIEW_CHANNELS):
            raise Unauthorized(PERMISSIONS_REQUIRED)
        return channel_dto(channel, default_permissions=context.guild.permissions)
