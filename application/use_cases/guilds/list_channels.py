import msgspec

from application.ports.unit_of_work import Transaction, UnitOfWork
from application.services.access import GuildContext, channel_access, member_context
from application.services.present import channel_dto
from application.wire.dto import ChannelDTO
from domain.channels import Channel, derive_parents, sort_for_listing
from domain.permissions import Permission


class ListGuildChannels(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /guild/{guild_id}/channel``."""

    actor_id: int
    guild_id: int


class ListGuildChannelsHandler:
    """The guild's channels as a member sees them (spec row 32).

    Rule: members only (403 ``not a member``; unknown guild 404 ``guild not found``). Channels
    come sorted by position (then id); ``parent_id`` of text and voice channels is derived (the
    nearest category above), threads keep their stored parent; ``permissions`` is the guild's
    everyone mask when the channel has none; ``roles`` lists the roles with an override on the
    channel. Security fix (spec §17 item 18): private channels the actor cannot view (through
    an override, Administrator or ownership) are left out, and so are threads of such channels.
    A channel whose derived category is hidden is shown without a parent rather than pointing
    at an id the actor may not see.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListGuildChannels) -> list[ChannelDTO]:
        """The visible channels in listing order."""
        async with self._uow.read() as tx:
            context = await member_context(tx, query.guild_id, query.actor_id)
            ordered = sort_for_listing(await tx.channels.list_by_guild(query.guild_id))
            parents = derive_parents(ordered)
            shown = [c for c in ordered if await _visible(tx, context, c)]
            visible_ids = {c.id for c in shown}
            default = context.guild.permissions
            listing: list[ChannelDTO] = []
            for channel in shown:
                parent = parents[channel.id]
                roles = await tx.overrides.list_for_channel(channel.id)
                listing.append(
                    channel_dto(
                        channel,
                        roles=roles.keys(),
                        parent_id=parent if parent in visible_ids else None,
                        derive_parent=True,
                        default_permissions=default,
                    )
                )
        return listing


async def _visible(tx: Transaction, context: GuildContext, channel: Channel) -> bool:
    """Non-private channels are listed for every member; private ones need ViewChannels."""
    if context.access.is_owner:
        return True
    access = await channel_access(tx, context, channel)
    return not access.private or access.allows(Permission.VIEW_CHANNELS)
