import msgspec

from application.errors import NotFound
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.roles.overrides import (
    OVERRIDE_NOT_FOUND,
    check_override_read,
    override_dto,
)
from application.wire.dto import ChannelRolePermissionDTO


class GetOverride(msgspec.Struct, frozen=True, kw_only=True):
    """Role ``role_id``'s override on channel ``channel_id``."""

    actor_id: int
    guild_id: int
    channel_id: int
    role_id: int


class GetOverrideHandler:
    """One role's override on a guild channel, for members (spec row 54).

    Same gate as the listing; no override for that role is a 404 with GoChat's text.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: GetOverride) -> ChannelRolePermissionDTO:
        """The override; raise ``NotFound`` or ``Unauthorized``."""
        async with self._uow.read() as tx:
            await check_override_read(tx, query.guild_id, query.actor_id, query.channel_id)
            override = (await tx.overrides.list_for_channel(query.channel_id)).get(query.role_id)
        if override is None:
            raise NotFound(OVERRIDE_NOT_FOUND)
        return override_dto(query.role_id, override)
