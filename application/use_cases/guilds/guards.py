"""What the guild-core use cases check first: the guild, the actor's standing, the channel.

GoChat's ``GuildPerm``/``ChannelPerm`` never checked membership (spec §17 item 16); here
``GuildAccess`` refuses non-members outright (the owner always passes). GoChat answered an
unknown guild or a channel of another guild with a 500; Parley answers 404 ``guild not found``
and 404 ``channel not found``. The refusal's class is the caller's, because GoChat's status for
the same ``permissions required`` text varies by route (401, 403 or 406).
"""

from application.errors import NOT_A_MEMBER, PERMISSIONS_REQUIRED, AppError, Forbidden, NotFound
from application.ports.unit_of_work import Transaction
from application.services.access import GuildContext, load_guild_context
from domain.channels import Channel
from domain.permissions import Permission

GUILD_NOT_FOUND = "guild not found"
CHANNEL_NOT_FOUND = "channel not found"


async def guild_context(tx: Transaction, guild_id: int, actor_id: int) -> GuildContext:
    """The guild and the actor's standing in it; 404 when the guild does not exist."""
    context = await load_guild_context(tx, guild_id, actor_id)
    if context is None:
        raise NotFound(GUILD_NOT_FOUND)
    return context


async def member_context(tx: Transaction, guild_id: int, actor_id: int) -> GuildContext:
    """Members (and the owner) only: 403 ``not a member`` otherwise, as GoChat answers."""
    context = await guild_context(tx, guild_id, actor_id)
    if not stands_in(context):
        raise Forbidden(NOT_A_MEMBER)
    return context


async def authorize(
    tx: Transaction,
    guild_id: int,
    actor_id: int,
    *required: Permission,
    refusal: type[AppError],
) -> GuildContext:
    """GoChat's ``GuildPerm`` with membership enforced; ``refusal`` carries the route's status."""
    context = await guild_context(tx, guild_id, actor_id)
    if not context.access.allows(*required):
        raise refusal(PERMISSIONS_REQUIRED)
    return context


def stands_in(context: GuildContext) -> bool:
    """True for the owner and for members: the only actors a guild answers."""
    return context.access.is_owner or context.access.is_member


async def guild_channel(tx: Transaction, guild_id: int, channel_id: int) -> Channel:
    """The channel when it belongs to ``guild_id``; 404 ``channel not found`` otherwise."""
    channel = await tx.channels.get(channel_id)
    if channel is None or channel.guild_id != guild_id:
        raise NotFound(CHANNEL_NOT_FOUND)
    return channel
