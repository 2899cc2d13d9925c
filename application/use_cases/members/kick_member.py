from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.members.moderation import (
    Moderation,
    announce,
    check_moderation_allowed,
)
from domain.members import ModerationAction
from domain.permissions import Permission


class KickMember(Moderation, frozen=True, kw_only=True):
    """Remove ``user_id`` from the guild; they may rejoin with an invite."""


class KickMemberHandler:
    """Kick a member (spec row 42): KickMembers and the §13.10 rules; 202 then 207 ``kick``.

    Deviation (spec §17 item 22): the member's role assignments go with the membership, so a
    kicked user who rejoins does not silently get their old roles back.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: KickMember) -> None:
        """Nothing; raise ``NotFound`` or ``NotAcceptable``."""
        async with self._uow.write() as tx:
            await check_moderation_allowed(
                tx, command, ModerationAction.KICK, Permission.KICK_MEMBERS
            )
            await tx.members.remove(command.guild_id, command.user_id)
        outbox = Outbox()
        announce(outbox, command, ModerationAction.KICK, removed=True)
        await outbox.flush(self._events)
