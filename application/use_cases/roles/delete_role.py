import msgspec

from application.errors import NotAcceptable
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.outbox import Outbox
from application.use_cases.roles.lookups import require_manageable, role_of_guild
from application.wire.events import EventType, RoleDeleteEvent, guild_subject
from domain.permissions import Permission


class DeleteRole(msgspec.Struct, frozen=True, kw_only=True):
    """Delete role ``role_id`` of ``guild_id``."""

    actor_id: int
    guild_id: int
    role_id: int


class DeleteRoleHandler:
    """Delete a role with its assignments and channel overrides; announce it (112, row 49).

    Needs ManageRoles (406); a foreign role is a 400. Deviations: an unknown role is a 404
    (GoChat: 500), and a non-owner may only delete a role whose permissions they hold (spec
    §17 item 21), so a ManageRoles holder cannot strip an Administrator role from its holders.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: DeleteRole) -> None:
        """Nothing; raise ``NotFound``, ``Invalid`` or ``NotAcceptable``."""
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
            require_manageable(context, role.permissions)
            await tx.roles.delete(role.id)
        event = RoleDeleteEvent(guild_id=command.guild_id, role_id=role.id)
        outbox.add(guild_subject(command.guild_id), EventType.ROLE_DELETE, event)
        await outbox.flush(self._events)
