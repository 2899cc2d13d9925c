"""Loading what a permission decision needs, and making the decision with domain rules."""

from dataclasses import dataclass

from application.ports.unit_of_work import Transaction
from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.members import Member
from domain.permissions import ChannelAccess, GuildAccess


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
