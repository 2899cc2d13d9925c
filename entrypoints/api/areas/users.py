"""User routes (spec §2.4.2 rows 7-14): profile, own guilds and memberships, DMs, group DMs."""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, delete, get, patch, post
from litestar.response import Response

from application.use_cases.dms.create_group_dm import CreateGroupDm, CreateGroupDmHandler
from application.use_cases.dms.list_dm_channels import ListDmChannels, ListDmChannelsHandler
from application.use_cases.dms.open_dm import OpenDm, OpenDmHandler
from application.use_cases.users.get_my_member import GetMyMember, GetMyMemberHandler
from application.use_cases.users.get_user import ME, GetUser, GetUserHandler
from application.use_cases.users.leave_guild import LeaveGuild, LeaveGuildHandler
from application.use_cases.users.list_my_guilds import ListMyGuilds, ListMyGuildsHandler
from application.use_cases.users.modify_me import ModifyMe, ModifyMeHandler
from application.wire.dto import ChannelDTO, GuildDTO, MemberDTO, UserDTO
from entrypoints.common.http import ok, read_body


class UserUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    users_get_user = providers.Singleton(GetUserHandler, uow=ports.uow)
    users_modify_me = providers.Singleton(ModifyMeHandler, uow=ports.uow, events=ports.events)
    users_list_guilds = providers.Singleton(ListMyGuildsHandler, uow=ports.uow)
    users_get_member = providers.Singleton(GetMyMemberHandler, uow=ports.uow)
    users_leave_guild = providers.Singleton(LeaveGuildHandler, uow=ports.uow, events=ports.events)
    users_list_channels = providers.Singleton(ListDmChannelsHandler, uow=ports.uow)
    users_open_dm = providers.Singleton(
        OpenDmHandler, uow=ports.uow, ids=ports.ids, clock=ports.clock
    )
    users_create_group_dm = providers.Singleton(
        CreateGroupDmHandler, uow=ports.uow, ids=ports.ids, clock=ports.clock
    )


class ModifyMeBody(msgspec.Struct, forbid_unknown_fields=False):
    name: str | None = None
    avatar: int | None = None


class CreateDmBody(msgspec.Struct, forbid_unknown_fields=False):
    recipient_id: int = 0


class CreateGroupDmBody(msgspec.Struct, forbid_unknown_fields=False):
    recipients_id: list[int] = msgspec.field(default_factory=list)
    channel_id: int | None = None


class UserController(Controller):
    path = "/api/v1/user"
    tags = ["user"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/me")
    async def get_me(self, actor: int, users_get_user: GetUserHandler) -> UserDTO:
        """The caller's own profile (``/user/{user_id}`` with ``me``)."""
        return await users_get_user(GetUser(actor_id=actor, user_ref=ME))

    @get("/{user_id:str}")
    async def get_user(self, user_id: str, actor: int, users_get_user: GetUserHandler) -> UserDTO:
        """Any user's public profile; ``user_id`` is digits or ``me``."""
        return await users_get_user(GetUser(actor_id=actor, user_ref=user_id))

    @patch("/me")
    async def modify_me(
        self, request: Request[Any, Any, Any], actor: int, users_modify_me: ModifyMeHandler
    ) -> Response[str]:
        """Change the caller's name or avatar; publishes 406 to the caller."""
        body = await read_body(request, ModifyMeBody)
        await users_modify_me(ModifyMe(actor_id=actor, name=body.name, avatar=body.avatar))
        return ok()

    @get("/me/guilds")
    async def list_guilds(
        self, actor: int, users_list_guilds: ListMyGuildsHandler
    ) -> list[GuildDTO]:
        """The caller's guilds (``permissions`` is always 0)."""
        return await users_list_guilds(ListMyGuilds(actor_id=actor))

    @get("/me/guilds/{guild_id:int}/member")
    async def get_member(
        self, guild_id: int, actor: int, users_get_member: GetMyMemberHandler
    ) -> MemberDTO:
        """The caller's membership in a guild."""
        return await users_get_member(GetMyMember(actor_id=actor, guild_id=guild_id))

    @delete("/me/guilds/{guild_id:int}", status_code=200)
    async def leave_guild(
        self, guild_id: int, actor: int, users_leave_guild: LeaveGuildHandler
    ) -> Response[str]:
        """Leave a guild (not your own); publishes 202 to the guild."""
        await users_leave_guild(LeaveGuild(actor_id=actor, guild_id=guild_id))
        return ok()

    @get("/me/channels")
    async def list_channels(
        self, actor: int, users_list_channels: ListDmChannelsHandler
    ) -> list[ChannelDTO]:
        """The caller's DMs and group DMs."""
        return await users_list_channels(ListDmChannels(actor_id=actor))

    @post("/me/channels", status_code=200)
    async def open_dm(
        self, request: Request[Any, Any, Any], actor: int, users_open_dm: OpenDmHandler
    ) -> ChannelDTO:
        """The DM with ``recipient_id``, created on first use."""
        body = await read_body(request, CreateDmBody)
        return await users_open_dm(OpenDm(actor_id=actor, recipient_id=body.recipient_id))

    @post("/me/channels/group", status_code=200)
    async def create_group_dm(
        self,
        request: Request[Any, Any, Any],
        actor: int,
        users_create_group_dm: CreateGroupDmHandler,
    ) -> ChannelDTO:
        """A new group DM, or more people in one the caller is in (GoChat never routed it)."""
        body = await read_body(request, CreateGroupDmBody)
        return await users_create_group_dm(
            CreateGroupDm(
                actor_id=actor, recipient_ids=body.recipients_id, channel_id=body.channel_id
            )
        )


UseCases = UserUseCases
CONTROLLERS: list[type[Controller]] = [UserController]
