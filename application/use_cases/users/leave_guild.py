import msgspec

from application.errors import NotAcceptable, NotFound
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.wire.events import EventType, MemberRemoveEvent, guild_subject


class LeaveGuild(msgspec.Struct, frozen=True, kw_only=True):
    """``DELETE /user/me/guilds/{guild_id}``."""

    actor_id: int
    guild_id: int


class LeaveGuildHandler:
    """Leave a guild (spec §2.4.2 row 11): membership and role assignments go; publish 202.

    The owner cannot leave (406 ``unable to leave own guild``): a guild must keep its owner.
    No such guild → 404 ``unable to get guild by id``.

    Deviation: GoChat "removes" non-members too and still announces 202 to the guild. Here a
    caller who is not a member gets the same 404 as for a missing guild, so nothing is
    announced and outsiders learn nothing about the guild.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: LeaveGuild) -> None:
        """Drop the membership and publish 202; raise ``NotFound`` or ``NotAcceptable``."""
        outbox = Outbox()
        async with self._uow.write() as tx:
            guild = await tx.guilds.get(command.guild_id)
            if guild is None:
                raise NotFound("unable to get guild by id")
            if guild.owner_id == command.actor_id:
                raise NotAcceptable("unable to leave own guild")
            if await tx.members.get(guild.id, command.actor_id) is None:
                raise NotFound("unable to get guild by id")
            await tx.members.remove(guild.id, command.actor_id)
            outbox.add(
                guild_subject(guild.id),
                EventType.MEMBER_REMOVE,
                MemberRemoveEvent(guild_id=guild.id, user_id=command.actor_id),
            )
        await outbox.flush(self._events)
