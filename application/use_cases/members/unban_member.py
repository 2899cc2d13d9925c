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


class UnbanMember(Moderation, frozen=True, kw_only=True):
    """Lift the ban of ``user_id`` (who need not be, and usually is not, a member)."""


class UnbanMemberHandler:
    """Lift a ban (spec row 44): BanMembers and the §13.10 rules; 207 ``unban`` only.

    As in GoChat, unbanning a user who is not banned succeeds and still sends 207.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: UnbanMember) -> None:
        """Nothing; raise ``NotFound`` (guild) or ``NotAcceptable``."""
        async with self._uow.write() as tx:
            await check_moderation_allowed(
                tx, command, ModerationAction.UNBAN, Permission.BAN_MEMBERS
            )
            await tx.bans.remove(command.guild_id, command.user_id)
        outbox = Outbox()
        announce(outbox, command, ModerationAction.UNBAN, removed=False)
        await outbox.flush(self._events)
