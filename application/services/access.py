"""Loading what a permission decision needs, and making the decision with domain rules.

The guild gate every guild use case passes first lives here too. GoChat's ``GuildPerm`` and
``ChannelPerm`` never checked membership (spec §17 item 16), so anyone knowing a guild id got
its base mask; here ``GuildAccess.allows`` refuses non-members outright (the owner always
passes). GoChat answered an unknown guild, or a channel of another guild, with a 500; Parley
answers 404 ``guild not found`` and 404 ``channel not found``. The class of a permission
refusal is the caller's, because GoChat's status for the same ``permissions required`` text
varies by route (401, 403 or 406).
"""

from dataclasses import dataclass

from application.errors import NOT_A_MEMBER, PERMISSIONS_REQUIRED, AppError, Forbidden, NotFound
from application.ports.unit_of_work import Transaction
from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.members import Member
from domain.permissions import ChannelAccess, GuildAccess, Permission

GUILD_NOT_FOUND = "guild not found"
CHANNEL_NOT_FOUND = "channel not found"


@dataclass(frozen=True, slots=True)
class GuildContext:
    """A guild loaded with the actor's standing in it (membership and permission inputs)."""

    guild: Guild
    member: Member | None
    access: GuildAccess


async def load_guild_context(tx: Transaction, guild_id: int, actor_id: int) -> GuildContext | None:
    """The guild and the actor's standing in it, or None when the guild does not exist."""
    guild = await tx.guilds.get(guild_id)
    if guild is None:
        return None
    return await context_in(tx, guild, actor_id)


async def context_in(tx: Transaction, guild: Guild, actor_id: int) -> GuildContext:
    """Someone's standing in a guild already loaded (membership, roles, the masks they give)."""
    member = await tx.members.get(guild.id, actor_id)
    role_masks: dict[int, int] = {}
    if member is not None and member.role_ids:
        wanted = set(member.role_ids)
        role_masks = {
            role.id: role.permissions
            for role in await tx.roles.list_by_guild(guild.id)
            if role.id in wanted
        }
    access = GuildAccess(
        owner_id=guild.owner_id,
        actor_id=actor_id,
        is_member=member is not None,
        base=guild.permissions,
        role_masks=role_masks,
    )
    return GuildContext(guild=guild, member=member, access=access)


async def guild_context(tx: Transaction, guild_id: int, actor_id: int) -> GuildContext:
    """The guild and the actor's standing in it; 404 ``guild not found`` when it does not exist."""
    context = await load_guild_context(tx, guild_id, actor_id)
    if context is None:
        raise NotFound(GUILD_NOT_FOUND)
    return context


async def authorize(
    tx: Transaction,
    guild_id: int,
    actor_id: int,
    *required: Permission,
    refusal: type[AppError],
) -> GuildContext:
    """The actor's context when they are the owner or a member holding every required bit.

    With no bits this is a plain membership check. An unknown guild is a 404; otherwise a
    refusal is ``refusal(PERMISSIONS_REQUIRED)``, the class carrying the route's status.
    """
    context = await guild_context(tx, guild_id, actor_id)
    if not context.access.allows(*required):
        raise refusal(PERMISSIONS_REQUIRED)
    return context


async def member_context(tx: Transaction, guild_id: int, actor_id: int) -> GuildContext:
    """Members (and the owner) only: 403 ``not a member`` otherwise, as GoChat answers."""
    context = await guild_context(tx, guild_id, actor_id)
    if not context.access.allows():
        raise Forbidden(NOT_A_MEMBER)
    return context


async def guild_channel(tx: Transaction, guild_id: int, channel_id: int) -> Channel:
    """The channel when it belongs to ``guild_id``; 404 ``channel not found`` otherwise."""
    channel = await tx.channels.get(channel_id)
    if channel is None or channel.guild_id != guild_id:
        raise NotFound(CHANNEL_NOT_FOUND)
    return channel


async def channel_access(tx: Transaction, context: GuildContext, channel: Channel) -> ChannelAccess:
    """Permission inputs of a guild channel (threads use their parent's)."""
    target = channel
    if channel.type is ChannelType.THREAD and channel.parent_id is not None:
        parent = await tx.channels.get(channel.parent_id)
        if parent is not None and parent.guild_id == channel.guild_id:
            target = parent
    overrides = await tx.overrides.list_for_channel(target.id)
    user_override = await tx.overrides.get_user_override(target.id, context.access.actor_id)
    return ChannelAccess(
        guild=context.access,
        channel_base=target.permissions,
        private=target.private,
        role_overrides=overrides,
        user_override=user_override,
    )
