import msgspec

from application.ports.unit_of_work import UnitOfWork
from application.use_cases.roles.overrides import check_override_read, override_dto
from application.wire.dto import ChannelRolePermissionDTO


class ListOverrides(msgspec.Struct, frozen=True, kw_only=True):
    """Every role override of channel ``channel_id``."""

    actor_id: int
    guild_id: int
    channel_id: int


class ListOverridesHandler:
    """Every role override of a guild channel, for members (spec row 53), by role id.

    Non-members get 401 ``permissions required``; a channel outside the guild is a 404
    ``channel not found`` (GoChat: 500).
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: ListOverrides) -> list[ChannelRolePermissionDTO]:
        """Overrides by role id; raise ``NotFound`` or ``Unauthorized``."""
        async with self._uow.read() as tx:
            await check_override_read(tx, query.guild_id, query.actor_id, query.channel_id)
            overrides = await tx.overrides.list_for_channel(query.channel_id)
        return [override_dto(role_id, overrides[role_id]) for role_id in sorted(overrides)]
