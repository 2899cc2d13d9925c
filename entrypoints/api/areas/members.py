"""Guild members, bans, moderation and member roles (spec §2.4.3 rows 40-44, §2.4.4 50-52)."""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, delete, get, post, put
from litestar.response import Response

from application.use_cases.members.ban_member import BanMember, BanMemberHandler
from application.use_cases.members.kick_member import KickMember, KickMemberHandler
from application.use_cases.members.list_bans import ListBans, ListBansHandler
from application.use_cases.members.list_members import ListMembers, ListMembersHandler
from application.use_cases.members.unban_member import UnbanMember, UnbanMemberHandler
from application.use_cases.roles.assign_role import AssignRole, AssignRoleHandler
from application.use_cases.roles.list_member_roles import ListMemberRoles, ListMemberRolesHandler
from application.use_cases.roles.unassign_role import UnassignRole, UnassignRoleHandler
from application.wire.dto import BanDTO, MemberDTO, RoleDTO
from entrypoints.common.http import no_content, ok, read_body


class MemberUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    members_list = providers.Singleton(ListMembersHandler, uow=ports.uow)
    members_list_bans = providers.Singleton(ListBansHandler, uow=ports.uow)
    members_kick = providers.Singleton(KickMemberHandler, uow=ports.uow, events=ports.events)
    members_ban = providers.Singleton(BanMemberHandler, uow=ports.uow, events=ports.events)
    members_unban = providers.Singleton(UnbanMemberHandler, uow=ports.uow, events=ports.events)
    members_list_roles = providers.Singleton(ListMemberRolesHandler, uow=ports.uow)
    members_assign_role = providers.Singleton(AssignRoleHandler, uow=ports.uow, events=ports.events)
    members_unassign_role = providers.Singleton(
        UnassignRoleHandler, uow=ports.uow, events=ports.events
    )


class BanMemberBody(msgspec.Struct, forbid_unknown_fields=False):
    """Optional: GoChat accepts a ban without any body."""

    reason: str | None = None


class MemberController(Controller):
    path = "/api/v1/guild/{guild_id:int}"
    tags = ["guild"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/members")
    async def list_members(
        self, guild_id: int, actor: int, members_list: ListMembersHandler
    ) -> list[MemberDTO]:
        """The guild's members by user id, for members."""
        return await members_list(ListMembers(actor_id=actor, guild_id=guild_id))

    @get("/bans")
    async def list_bans(
        self, guild_id: int, actor: int, members_list_bans: ListBansHandler
    ) -> list[BanDTO]:
        """The guild's bans, for the owner and BanMembers holders."""
        return await members_list_bans(ListBans(actor_id=actor, guild_id=guild_id))

    @post("/member/{user_id:int}/kick", status_code=204)
    async def kick_member(
        self, guild_id: int, user_id: int, actor: int, members_kick: KickMemberHandler
    ) -> Response[None]:
        """Remove a member; publishes 202 then 207 ``kick``."""
        await members_kick(KickMember(actor_id=actor, guild_id=guild_id, user_id=user_id))
        return no_content()

    @post("/member/{user_id:int}/ban", status_code=204)
    async def ban_member(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        user_id: int,
        actor: int,
        members_ban: BanMemberHandler,
    ) -> Response[None]:
        """Ban a member, with an optional reason; publishes 202 then 207 ``ban``."""
        body = await read_body(request, BanMemberBody, allow_empty=True)
        await members_ban(
            BanMember(actor_id=actor, guild_id=guild_id, user_id=user_id, reason=body.reason)
        )
        return no_content()

    @delete("/member/{user_id:int}/ban", status_code=204)
    async def unban_member(
        self, guild_id: int, user_id: int, actor: int, members_unban: UnbanMemberHandler
    ) -> Response[None]:
        """Lift a ban; publishes 207 ``unban``."""
        await members_unban(UnbanMember(actor_id=actor, guild_id=guild_id, user_id=user_id))
        return no_content()

    @get("/member/{user_id:int}/roles")
    async def list_member_roles(
        self, guild_id: int, user_id: int, actor: int, members_list_roles: ListMemberRolesHandler
    ) -> list[RoleDTO]:
        """A member's roles, for fellow members."""
        return await members_list_roles(
            ListMemberRoles(actor_id=actor, guild_id=guild_id, user_id=user_id)
        )

    @put("/member/{user_id:int}/roles/{role_id:int}", status_code=200)
    async def assign_role(
        self,
        guild_id: int,
        user_id: int,
        role_id: int,
        actor: int,
        members_assign_role: AssignRoleHandler,
    ) -> Response[str]:
        """Give a member a role; publishes 203."""
        await members_assign_role(
            AssignRole(actor_id=actor, guild_id=guild_id, user_id=user_id, role_id=role_id)
        )
        return ok()

    @delete("/member/{user_id:int}/roles/{role_id:int}", status_code=200)
    async def unassign_role(
        self,
        guild_id: int,
        user_id: int,
        role_id: int,
        actor: int,
        members_unassign_role: UnassignRoleHandler,
    ) -> Response[str]:
        """Take a role from a member; publishes 204."""
        await members_unassign_role(
            UnassignRole(actor_id=actor, guild_id=guild_id, user_id=user_id, role_id=role_id)
        )
        return ok()


UseCases = MemberUseCases
CONTROLLERS: list[type[Controller]] = [MemberController]
