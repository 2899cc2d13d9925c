"""The channel a message route acts on, and whether the actor may act there.

Every message route starts the same way: the channel must exist (404 ``channel not found``),
must hold messages (400, voice channels and categories do not), and the actor must be allowed
in it. GoChat checked permissions in guild text channels only (spec §17 item 17); here a DM or
group DM needs the actor to be a participant and a thread uses its parent's permissions
(``services.access.channel_access``), so an outsider who knows a channel id gets 403.
"""

from dataclasses import dataclass

from application.errors import PERMISSIONS_REQUIRED, Forbidden, Invalid, NotFound
from application.ports.unit_of_work import Transaction
from application.services.access import CHANNEL_NOT_FOUND, channel_access, load_guild_context
from domain.channels import Channel
from domain.permissions import ChannelAccess, Permission

READ_REFUSED = "unable to read from this channel"
SEND_REFUSED = "unable to send to this channel"

READ = (Permission.VIEW_CHANNELS, Permission.READ_MESSAGE_HISTORY)
"""What reading history (and acknowledging it) needs in a guild channel."""


@dataclass(frozen=True, slots=True)
class ChannelGate:
    """A loaded channel and the actor's standing in it.

    Guild channels carry the actor's ``access`` (None when the guild is gone); DMs and group
    DMs carry their ``participants`` instead.
    """

    channel: Channel
    actor_id: int
    access: ChannelAccess | None
    participants: tuple[int, ...] = ()

    @property
    def guild_id(self) -> int | None:
        """The channel's guild; None for DMs and group DMs."""
        return self.channel.guild_id

    def allows(self, *required: Permission) -> bool:
        """Participation decides in DMs (bits mean nothing there); permissions in guilds."""
        if self.channel.guild_id is None:
            return self.actor_id in self.participants
        return self.access is not None and self.access.allows(*required)

    def require(self, *required: Permission) -> None:
        """Raise 403 ``permissions required`` unless ``allows``."""
        if not self.allows(*required):
            raise Forbidden(PERMISSIONS_REQUIRED)


async def open_channel(
    tx: Transaction, channel_id: int, actor_id: int, *, refusal: str
) -> ChannelGate:
    """Load the channel and the actor's standing; ``refusal`` is the 400 text for voice/category."""
    channel = await tx.channels.get(channel_id)
    if channel is None:
        raise NotFound(CHANNEL_NOT_FOUND)
    if not channel.holds_messages:
        raise Invalid(refusal)
    if channel.guild_id is None:
        participants = tuple(await tx.dms.participants(channel.id))
        return ChannelGate(
            channel=channel, actor_id=actor_id, access=None, participants=participants
        )
    context = await load_guild_context(tx, channel.guild_id, actor_id)
    access = None if context is None else await channel_access(tx, context, channel)
    return ChannelGate(channel=channel, actor_id=actor_id, access=access)
