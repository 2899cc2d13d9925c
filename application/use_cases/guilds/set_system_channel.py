import msgspec

from application.errors import NotFound, Unauthorized
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from domain.permissions import Permission

UNABLE_TO_GET_CHANNEL = "unable to get channel"


class SetSystemChannel(msgspec.Struct, frozen=True, kw_only=True):
    """``channel_id`` None turns system messages (join notices) off."""

    actor_id: int
    guild_id: int
    channel_id: int | None


class SetSystemChannelHandler:
    """Choose the channel that receives the guild's system messages (spec row 31).

    Rule: Administrator is required (401 ``permissions required``, GoChat's status; members
    only); a channel that is not one of the guild's is 404 ``unable to get channel``, GoChat's
    text for this route. Nothing is published and the reply is a bare 200 ``OK``. Served at both
    ``POST /guild/{id}`` (where GoChat mounts it) and ``PATCH /guild/{id}/systemch`` (where its
    swagger puts it, spec §17 item 1). Deviation: an unknown guild is 404 ``guild not found``
    (GoChat: 401 ``unable to get permissions``).
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, command: SetSystemChannel) -> None:
        """Store the choice or raise the route's refusal."""
        async with self._uow.write() as tx:
            context = await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.ADMINISTRATOR,
                refusal=Unauthorized,
            )
            if command.channel_id is not None:
                channel = await tx.channels.get(command.channel_id)
                if channel is None or channel.guild_id != command.guild_id:
                    raise NotFound(UNABLE_TO_GET_CHANNEL)
            context.guild.system_channel_id = command.channel_id
            await tx.guilds.update(context.guild)
