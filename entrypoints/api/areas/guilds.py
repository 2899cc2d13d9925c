"""Guild core routes (spec §2.4.3): create, show, edit and delete a guild; its system channel.

The guild's channels, categories and their order are routed in ``areas.channels``.
"""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, Response, delete, get, patch, post

from application.use_cases.guilds.create_guild import CreateGuild, CreateGuildHandler
from application.use_cases.guilds.delete_guild import DeleteGuild, DeleteGuildHandler
from application.use_cases.guilds.get_guild import GetGuild, GetGuildHandler
from application.use_cases.guilds.set_system_channel import (
    SetSystemChannel,
    SetSystemChannelHandler,
)
from application.use_cases.guilds.update_guild import UpdateGuild, UpdateGuildHandler
from application.wire.dto import GuildDTO
from entrypoints.common.http import Int64, OptionalId, ok, read_body


class GuildUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    create_guild = providers.Singleton(
        CreateGuildHandler, uow=ports.uow, ids=ports.ids, clock=ports.clock
    )
    get_guild = providers.Singleton(GetGuildHandler, uow=ports.uow)
    update_guild = providers.Singleton(UpdateGuildHandler, uow=ports.uow, events=ports.events)
    delete_guild = providers.Singleton(DeleteGuildHandler, uow=ports.uow, messages=ports.messages)
    set_system_channel = providers.Singleton(SetSystemChannelHandler, uow=ports.uow)


class CreateGuildBody(msgspec.Struct):
    name: str
    public: bool = False
    icon_id: OptionalId | None = None


class UpdateGuildBody(msgspec.Struct):
    name: str | None = None
    icon_id: Int64 | None = None
    public: bool | None = None
    permissions: Int64 | None = None


class SetSystemChannelBody(msgspec.Struct):
    channel_id: Int64 | None = None


class GuildController(Controller):
    path = "/api/v1"
    tags = ["guild"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/guild", status_code=200)
    async def create_guild(
        self, request: Request[Any, Any, Any], actor: int, create_guild: CreateGuildHandler
    ) -> GuildDTO:
        """Create a guild; the creator owns it and gets a "general" text channel."""
        body = await read_body(request, CreateGuildBody)
        return await create_guild(
            CreateGuild(actor_id=actor, name=body.name, public=body.public, icon_id=body.icon_id)
        )

    @get("/guild/{guild_id:int}")
    async def get_guild(self, guild_id: int, actor: int, get_guild: GetGuildHandler) -> GuildDTO:
        """A guild, for its members."""
        return await get_guild(GetGuild(actor_id=actor, guild_id=guild_id))

    @patch("/guild/{guild_id:int}", status_code=200)
    async def update_guild(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        update_guild: UpdateGuildHandler,
    ) -> Response[str]:
        """Change name, icon, public flag or everyone mask (ManageServer); publishes 104."""
        body = await read_body(request, UpdateGuildBody)
        await update_guild(
            UpdateGuild(
                actor_id=actor,
                guild_id=guild_id,
                name=body.name,
                icon_id=body.icon_id,
                public=body.public,
                permissions=body.permissions,
            )
        )
        return ok()

    @delete("/guild/{guild_id:int}", status_code=200)
    async def delete_guild(
        self, guild_id: int, actor: int, delete_guild: DeleteGuildHandler
    ) -> Response[str]:
        """Delete the guild with its channels and messages (owner only)."""
        await delete_guild(DeleteGuild(actor_id=actor, guild_id=guild_id))
        return ok()

    @post("/guild/{guild_id:int}", status_code=200)
    async def set_system_channel(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        set_system_channel: SetSystemChannelHandler,
    ) -> Response[str]:
        """Set or clear the system messages channel (Administrator); where GoChat serves it."""
        return await _set_system_channel(request, guild_id, actor, set_system_channel)

    @patch("/guild/{guild_id:int}/systemch", status_code=200)
    async def set_system_channel_documented(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        set_system_channel: SetSystemChannelHandler,
    ) -> Response[str]:
        """Set or clear the system messages channel at the path GoChat's swagger documents."""
        return await _set_system_channel(request, guild_id, actor, set_system_channel)


async def _set_system_channel(
    request: Request[Any, Any, Any], guild_id: int, actor: int, handler: SetSystemChannelHandler
) -> Response[str]:
    body = await read_body(request, SetSystemChannelBody)
    await handler(SetSystemChannel(actor_id=actor, guild_id=guild_id, channel_id=body.channel_id))
    return ok()


UseCases = GuildUseCases
CONTROLLERS: list[type[Controller]] = [GuildController]
