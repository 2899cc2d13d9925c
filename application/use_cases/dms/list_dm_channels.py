import msgspec

from application.ports.unit_of_work import UnitOfWork
from application.services.present import channel_dto
from application.wire.dto import ChannelDTO
from domain.channels import ChannelType


class ListDmChannels(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /user/me/channels``."""

    actor_id: int


class ListDmChannelsHandler:
    """Every DM (type 3) and group DM (type 4) the caller takes part in, by id (spec row 12).

    A DM carries ``participant_id`` = the other user; a group DM carries none (clients list its
    members separately). ``last_message_id`` is the channel's newest message id, which Parley
    keeps on the channel row for every kind (GoChat kept DMs' in a side table).
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListDmChannels) -> list[ChannelDTO]:
        """The caller's DMs and group DMs, by channel id."""
        result: list[ChannelDTO] = []
        async with self._uow.read() as tx:
            for channel_id in await tx.dms.channels_of(query.actor_id):
                channel = await tx.channels.get(channel_id)
                if channel is None:
                    continue
                if channel.type is ChannelType.DM:
                    others = [
                        user_id
                        for user_id in await tx.dms.participants(channel_id)
                        if user_id != query.actor_id
                    ]
                    other = others[0] if others else None
                    result.append(channel_dto(channel, participant_id=other))
                elif channel.type is ChannelType.GROUP_DM:
                    result.append(channel_dto(channel))
        return result
