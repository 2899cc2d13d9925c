"""Guild roles and channel role overrides (spec §2.4.4 rows 45-49 and 53-57).

Member role assignments (rows 50-52) live in the members area, next to the other
``/guild/{g}/member/{u}/...`` routes.
"""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, delete, get, patch, post, put
from litestar.response import Response

from application.use_cases.roles.create_role import CreateRole, CreateRoleHandler
from application.use_cases.roles.delete_override import DeleteOverride, DeleteOverrideHandler
from application.use_cases.roles.delete_role import DeleteRole, DeleteRoleHandler
from application.use_cases.roles.get_override import GetOverride, GetOverrideHandler
from application.use_cases.roles.list_overrides import ListOverrides, ListOverridesHandler
from application.use_cases.roles.list_roles import ListRoles, ListRolesHandler
from application.use_cases.roles.patch_override import PatchOverride, PatchOverrideHandler
from application.use_cases.roles.put_override import PutOverride, PutOverrideHandler
from application.use_cases.roles.reorder_roles import (
    ReorderRoles,
    ReorderRolesHandler,
    RolePosition,
)
from application.use_cases.roles.update_role import UpdateRole, UpdateRoleHandler
from application.wire.dto import ChannelRolePermissionDTO, RoleDTO
from entrypoints.common.http import QuotedId, ok, parse_quoted_id, read_body


class RoleUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    roles_list = providers.Singleton(ListRolesHandler, uow=ports.uow)
    roles_create = providers.Singleton(
        CreateRoleHandler, uow=ports.uow, ids=ports.ids, events=ports.events
    )
    roles_reorder = providers.Singleton(ReorderRolesHandler, uow=ports.uow, events=ports.events)
    roles_update = providers.Singleton(UpdateRoleHandler, uow=ports.uow, events=ports.events)
    roles_delete = providers.Singleton(DeleteRoleHandler, uow=ports.uow, events=ports.events)
    roles_list_overrides = providers.Singleton(ListOverridesHandler, uow=ports.uow)
    roles_get_override = providers.Singleton(GetOverrideHandler, uow=ports.uow)
    roles_put_override = providers.Singleton(PutOverrideHandler, uow=ports.uow)
    roles_patch_override = providers.Singleton(PatchOverrideHandler, uow=ports.uow)
    roles_delete_override = providers.Singleton(DeleteOverrideHandler, uow=ports.uow)


class CreateRoleBody(msgspec.Struct, forbid_unknown_fields=False):
    """A missing name reaches the use case as "" and is reported by its length rule."""

    name: str = ""
    color: int = 0
    permissions: int = 0


class UpdateRoleBody(msgspec.Struct, forbid_unknown_fields=False):
    name: str | None = None
    color: int | None = None
    permissions: int | None = None


class RoleOrderEntry(msgspec.Struct, forbid_unknown_fields=False):
    id: QuotedId
    position: int = 0


class ReorderRolesBody(msgspec.Struct, forbid_unknown_fields=False):
    """``{"roles": [{"id": "<id>", "position": n}]}``: GoChat requires quoted ids here."""

    roles: list[RoleOrderEntry] = msgspec.field(default_factory=list)


class OverrideBody(msgspec.Struct, forbid_unknown_fields=False):
    accept: int = 0
    deny: int = 0


class RoleController(Controller):
    path = "/api/v1/guild/{guild_id:int}/roles"
    tags = ["guild roles"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/")
    async def list_roles(
        self, guild_id: int, actor: int, roles_list: ListRolesHandler
    ) -> list[RoleDTO]:
        """The guild's roles by position, for members."""
        return await roles_list(ListRoles(actor_id=actor, guild_id=guild_id))

    @post("/", status_code=201)
    async def create_role(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        roles_create: CreateRoleHandler,
    ) -> RoleDTO:
        """Create a role after the last one; publishes 110."""
        body = await read_body(request, CreateRoleBody)
        return await roles_create(
            CreateRole(
                actor_id=actor,
                guild_id=guild_id,
                name=body.name,
                color=body.color,
                permissions=body.permissions,
            )
        )

    @patch("/order", status_code=200)
    async def reorder_roles(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        roles_reorder: ReorderRolesHandler,
    ) -> Response[str]:
        """Reposition roles (other guilds' ids are ignored); one 111 per moved role."""
        body = await read_body(request, ReorderRolesBody)
        moves = tuple(
            RolePosition(role_id=parse_quoted_id(entry.id), position=entry.position)
            for entry in body.roles
        )
        await roles_reorder(ReorderRoles(actor_id=actor, guild_id=guild_id, roles=moves))
        return ok()

    @patch("/{role_id:int}")
    async def update_role(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        role_id: int,
        actor: int,
        roles_update: UpdateRoleHandler,
    ) -> RoleDTO:
        """Change a role's name, colour or permissions; publishes 111."""
        body = await read_body(request, UpdateRoleBody)
        return await roles_update(
            UpdateRole(
                actor_id=actor,
                guild_id=guild_id,
                role_id=role_id,
                name=body.name,
                color=body.color,
                permissions=body.permissions,
            )
        )

    @delete("/{role_id:int}", status_code=200)
    async def delete_role(
        self, guild_id: int, role_id: int, actor: int, roles_delete: DeleteRoleHandler
    ) -> Response[str]:
        """Delete a role with its assignments and overrides; publishes 112."""
        await roles_delete(DeleteRole(actor_id=actor, guild_id=guild_id, role_id=role_id))
        return ok()


class OverrideController(Controller):
    path = "/api/v1/guild/{guild_id:int}/channel/{channel_id:int}/roles"
    tags = ["guild roles"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/")
    async def list_overrides(
        self,
        guild_id: int,
        channel_id: int,
        actor: int,
        roles_list_overrides: ListOverridesHandler,
    ) -> list[ChannelRolePermissionDTO]:
        """Every role override of a channel, for members."""
        return await roles_list_overrides(
            ListOverrides(actor_id=actor, guild_id=guild_id, channel_id=channel_id)
        )

    @get("/{role_id:int}")
    async def get_override(
        self,
        guild_id: int,
        channel_id: int,
        role_id: int,
        actor: int,
        roles_get_override: GetOverrideHandler,
    ) -> ChannelRolePermissionDTO:
        """One role's override on a channel, for members."""
        return await roles_get_override(
            GetOverride(actor_id=actor, guild_id=guild_id, channel_id=channel_id, role_id=role_id)
        )

    @put("/{role_id:int}", status_code=200)
    async def put_override(
        self,
        *,
        request: Request[Any, Any, Any],
        guild_id: int,
        channel_id: int,
        role_id: int,
        actor: int,
        roles_put_override: PutOverrideHandler,
    ) -> Response[str]:
        """Create or replace a role's override (masks sanitized); no event."""
        body = await read_body(request, OverrideBody)
        await roles_put_override(
            PutOverride(
                actor_id=actor,
                guild_id=guild_id,
                channel_id=channel_id,
                role_id=role_id,
                accept=body.accept,
                deny=body.deny,
            )
        )
        return ok()

    @patch("/{role_id:int}", status_code=200)
    async def patch_override(
        self,
        *,
        request: Request[Any, Any, Any],
        guild_id: int,
        channel_id: int,
        role_id: int,
        actor: int,
        roles_patch_override: PatchOverrideHandler,
    ) -> Response[str]:
        """Update an existing override (masks sanitized); a missing one is left absent."""
        body = await read_body(request, OverrideBody)
        await roles_patch_override(
            PatchOverride(
                actor_id=actor,
                guild_id=guild_id,
                channel_id=channel_id,
                role_id=role_id,
                accept=body.accept,
                deny=body.deny,
            )
        )
        return ok()

    @delete("/{role_id:int}", status_code=200)
    async def delete_override(
        self,
        guild_id: int,
        channel_id: int,
        role_id: int,
        actor: int,
        roles_delete_override: DeleteOverrideHandler,
    ) -> Response[str]:
        """Remove a role's override from a channel."""
        await roles_delete_override(
            DeleteOverride(
                actor_id=actor, guild_id=guild_id, channel_id=channel_id, role_id=role_id
            )
        )
        return ok()


UseCases = RoleUseCases
CONTROLLERS: list[type[Controller]] = [RoleController, OverrideController]
