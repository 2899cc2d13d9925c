from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.members.moderation import (
    Moderation,
    announce,
    check_moderation_allowed,
)
from domain.members import Ban, ModerationAction, validate_ban_reason
from domain.permissions import Permission


class BanMember(Moderation, frozen=True, kw_only=True):
    """Ban ``user_id``: removed now, refused when accepting invites later."""

    reason: str | None = None


class BanMemberHandler:
    """Ban a member (spec row 43): BanMembers and the §13.10 rules; 202 then 207 ``ban``.

    The reason (at most 256 characters, 400 otherwise, checked first as GoChat does) is stored
    and echoed in 207. Deviation (spec §17 item 22): the member's role assignments are removed
    with the membership. A ban of a non-member is a 404 as in GoChat.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: BanMember) -> None:
        """Nothing; raise ``DomainError``, ``NotFound`` or ``NotAcceptable``."""
        validate_ban_reason(command.reason)
        async with self._uow.write() as tx:
            await check_moderation_allowed(
                tx, command, ModerationAction.BAN, Permission.BAN_MEMBERS
            )
            await tx.bans.add(
                Ban(guild_id=command.guild_id, user_id=command.user_id, reason=command.reason)
            )
            await tx.members.remove(command.guild_id, command.user_id)
        outbox = Outbox()
        announce(outbox, command, ModerationAction.BAN, removed=True, reason=command.reason)
        await outbox.flush(self._events)
