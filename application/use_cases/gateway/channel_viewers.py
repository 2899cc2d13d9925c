import msgspec

from application.ports.unit_of_work import Transaction, UnitOfWork
from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.members import Member
from domain.permissions import ChannelAccess, GuildAccess, Permission

FEW_USERS = 8
"""Up to this many users, members are read one by one; beyond it, the whole list at once."""


class ChannelViewers(msgspec.Struct, frozen=True, kw_only=True):
    """Which of ``user_ids`` may see ``channel_id`` now (the gateway filters events with it)."""

    channel_id: int
    user_ids: list[int]


class ChannelViewersHandler:
    """Who may receive an event about a channel (closes GoChat's hole, spec §17 item 14).

    GoChat sent every guild event to every guild subscriber, so members learned of messages,
    mentions and voice activity in private channels they cannot open. The gateway asks this
    for each channel-scoped event (and caches the answer for a short while). The rule is the
    one op 5 applies: ViewChannels in the channel (threads: their parent), members only; DMs
    and group DMs: participants. An unknown channel has no viewers. One transaction answers
    for many users, reading the guild, its roles and the channel's overrides once.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ChannelViewers) -> frozenset[int]:
        """The users, among those asked, who may view the channel."""
        async with self._uow.read() as tx:
            channel = await tx.channels.get(query.channel_id)
            if channel is None:
                return frozenset()
            if channel.guild_id is None:
                participants = set(await tx.dms.participants(channel.id))
                return frozenset(u for u in query.user_ids if u in participants)
            guild = await tx.guilds.get(channel.guild_id)
            if guild is None:
                return frozenset()
            return await _guild_viewers(tx, guild, await _target(tx, channel), query.user_ids)


async def _target(tx: Transaction, channel: Channel) -> Channel:
    """Whose permissions decide: a thread's parent in the same guild, else the channel."""
    if channel.type is ChannelType.THREAD and channel.parent_id is not None:
        parent = await tx.channels.get(channel.parent_id)
        if parent is not None and parent.guild_id == channel.guild_id:
            return parent
    return channel


async def _guild_viewers(
    tx: Transaction, guild: Guild, target: Channel, user_ids: list[int]
) -> frozenset[int]:
    members = await _members(tx, guild.id, user_ids)
    role_masks = {role.id: role.permissions for role in await tx.roles.list_by_guild(guild.id)}
    overrides = await tx.overrides.list_for_channel(target.id)
    viewers: set[int] = set()
    for user_id in user_ids:
        member = members.get(user_id)
        access = GuildAccess(
            owner_id=guild.owner_id,
            actor_id=user_id,
            is_member=member is not None,
            base=guild.permissions,
            role_masks={r: role_masks[r] for r in member.role_ids if r in role_masks}
            if member
            else {},
        )
        if not (access.is_owner or access.is_member):
            continue
        channel_access = ChannelAccess(
            guild=access,
            channel_base=target.permissions,
            private=target.private,
            role_overrides=overrides,
            user_override=await tx.overrides.get_user_override(target.id, user_id),
        )
        if channel_access.allows(Permission.VIEW_CHANNELS):
            viewers.add(user_id)
    return frozenset(viewers)


async def _members(tx: Transaction, guild_id: int, user_ids: list[int]) -> dict[int, Member]:
    if len(user_ids) > FEW_USERS:
        wanted = set(user_ids)
        listed = await tx.members.list_by_guild(guild_id)
        return {m.user_id: m for m in listed if m.user_id in wanted}
    found: dict[int, Member] = {}
    for user_id in user_ids:
        member = await tx.members.get(guild_id, user_id)
        if member is not None:
            found[user_id] = member
    return found
