import msgspec

from application.errors import NotAcceptable
from application.ports.event_publisher import EventPublisher
from application.ports.id_generator import IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.outbox import Outbox
from application.services.present import role_dto
from application.use_cases.roles.lookups import require_manageable
from application.wire.dto import RoleDTO
from application.wire.events import EventType, RoleCreateEvent, guild_subject
from domain.permissions import Permission
from domain.roles import Role, next_position, validate_role


class CreateRole(msgspec.Struct, frozen=True, kw_only=True):
    """A new role for ``guild_id``; colour and permissions default to 0."""

    actor_id: int
    guild_id: int
    name: str
    color: int = 0
    permissions: int = 0


class CreateRoleHandler:
    """Add a role after the guild's last one (position = max + 1) and announce it (110).

    Needs ManageRoles (406 otherwise, non-members included). Deviation (spec §17 item 21): a
    non-owner may only create a role whose permissions they hold themselves, so ManageRoles
    alone cannot mint an Administrator role.
    """

    def __init__(self, *, uow: UnitOfWork, ids: IdGenerator, events: EventPublisher) -> None:
        self._uow = uow
        self._ids = ids
        self._events = events

    async def __call__(self, command: CreateRole) -> RoleDTO:
        """The created role; raise ``ValidationError``, ``NotFound`` or ``NotAcceptable``."""
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
            require_manageable(context, command.permissions)
            role = Role(
                id=self._ids.next_id(),
                guild_id=command.guild_id,
                name=command.name,
                color=command.color,
                permissions=command.permissions,
                position=next_position(await tx.roles.list_by_guild(command.guild_id)),
            )
            await tx.roles.add(role)
        created = role_dto(role)
        outbox.add(
            guild_subject(role.guild_id), EventType.ROLE_CREATE, RoleCreateEvent(role=created)
        )
        await outbox.flush(self._events)
        return created
