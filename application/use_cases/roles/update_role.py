import msgspec

from application.errors import NotAcceptable
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.outbox import Outbox
from application.services.present import role_dto
from application.use_cases.roles.lookups import require_manageable, role_of_guild
from application.wire.dto import RoleDTO
from application.wire.events import EventType, RoleUpdateEvent, guild_subject
from domain.permissions import Permission
from domain.roles import validate_role


class UpdateRole(msgspec.Struct, frozen=True, kw_only=True):
    """Change the given fields of role ``role_id``; None leaves a field as is."""

    actor_id: int
    guild_id: int
    role_id: int
    name: str | None = None
    color: int | None = None
    permissions: int | None = None


class UpdateRoleHandler:
    """Change a role's name, colour or permissions and announce it (111, spec row 48).

    Needs ManageRoles (406); a role of another guild is a 400 ``role does not belong to this
    guild``. Deviations: an unknown role is a 404 (GoChat: 500), and a non-owner may only edit
    a role whose current and new permissions they hold themselves (spec §17 item 21).
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: UpdateRole) -> RoleDTO:
        """The updated role; raise ``ValidationError``, ``NotFound``, ``Invalid``, or 406."""
        validate_role(command.name, command.color, command.permissions)
        outbox = Outbox()
        async with self._uow.write() as tx:
            context = await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.MANAGE_ROLES,
                refusal=NotAcceptable,
            )
            role = await role_of_guild(tx, command.guild_id, command.role_id)
            new_permissions = (
                role.permissions if command.permissions is None else command.permissions
            )
            require_manageable(context, role.permissions, new_permissions)
            if command.name is not None:
                role.name = command.name
            if command.color is not None:
                role.color = command.color
            role.permissions = new_permissions
            await tx.roles.update(role)
        updated = role_dto(role)
        event = RoleUpdateEvent(guild_id=command.guild_id, role=updated)
        outbox.add(guild_subject(command.guild_id), EventType.ROLE_UPDATE, event)
        await outbox.flush(self._events)
        return updated
