from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.roles.assignment import MemberRoleChange, check_role_change
from application.wire.events import EventType, MemberRoleEvent, guild_subject


class UnassignRole(MemberRoleChange, frozen=True, kw_only=True):
    """Take ``role_id`` away from member ``user_id``."""


class UnassignRoleHandler:
    """Remove a role from a member and announce it with 204 (spec row 52).

    The checks are ``check_role_change``'s. As in GoChat, removing a role the member does not
    have still succeeds and still sends 204.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: UnassignRole) -> None:
        """Nothing; raise ``NotFound``, ``Invalid`` or ``NotAcceptable``."""
        async with self._uow.write() as tx:
            await check_role_change(tx, command)
            await tx.members.remove_role(command.guild_id, command.user_id, command.role_id)
        outbox = Outbox()
        event = MemberRoleEvent(
            guild_id=command.guild_id, role_id=command.role_id, user_id=command.user_id
        )
        outbox.add(guild_subject(command.guild_id), EventType.MEMBER_REMOVE_ROLE, event)
        await outbox.flush(self._events)
