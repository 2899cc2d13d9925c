"""Guild core routes (spec §2.4.3): guilds, channels, categories, ordering, system channel."""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, get, post

from application.use_cases.guilds.create_guild import CreateGuild, CreateGuildHandler
from application.use_cases.guilds.get_guild import GetGuild, GetGuildHandler
from application.wire.dto import GuildDTO
from entrypoints.common.http import OptionalId, read_body


class GuildUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    create_guild = providers.Singleton(
        CreateGuildHandler, uow=ports.uow, ids=ports.ids, clock=ports.clock
    )
    get_guild = providers.Singleton(GetGuildHandler, uow=ports.uow)


class CreateGuildBody(msgspec.Struct):
    name: str
    public: bool = False
    icon_id: OptionalId | None = None


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


UseCases = GuildUseCases
CONTROLLERS: list[type[Controller]] = [GuildController]
