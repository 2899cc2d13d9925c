import msgspec

from application.errors import NotAcceptable
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.outbox import Outbox
from application.services.present import role_dto
from application.wire.events import EventType, RoleUpdateEvent, guild_subject
from domain.errors import ValidationError
from domain.permissions import Permission


class RolePosition(msgspec.Struct, frozen=True, kw_only=True):
    """Where one role should go."""

    role_id: int
    position: int


class ReorderRoles(msgspec.Struct, frozen=True, kw_only=True):
    """New positions for some of the guild's roles."""

    actor_id: int
    guild_id: int
    roles: tuple[RolePosition, ...]


class ReorderRolesHandler:
    """Set the positions of the listed roles; one 111 per role that moved (spec row 47).

    Needs ManageRoles (406) and a non-empty list (400, GoChat's ``required``). Ids of other
    guilds' roles, and unknown ids, are ignored as in GoChat. Positions are stored as given
    (duplicates allowed), and a role listed twice takes its last position. Without a role
    hierarchy, order carries no power, so moving a role the actor could not edit is allowed.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: ReorderRoles) -> None:
        """Nothing; raise ``ValidationError``, ``NotFound`` or ``NotAcceptable``."""
        if not command.roles:
            raise ValidationError.of({"roles": "cannot be blank"})
        positions = {entry.role_id: entry.position for entry in command.roles}
        outbox = Outbox()
        async with self._uow.write() as tx:
            await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.MANAGE_ROLES,
                refusal=NotAcceptable,
            )
            moved = await tx.roles.set_positions(command.guild_id, positions)
        for role in moved:
            event = RoleUpdateEvent(guild_id=command.guild_id, role=role_dto(role))
            outbox.add(guild_subject(command.guild_id), EventType.ROLE_UPDATE, event)
        await outbox.flush(self._events)
