"""Guild channel routes (spec §2.4.3 rows 32-39): listing, creation, order, edits, deletion."""

from typing import Annotated, Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, Response, delete, get, patch, post

from application.use_cases.guilds.create_channel import (
    CreateGuildChannel,
    CreateGuildChannelHandler,
)
from application.use_cases.guilds.delete_category import (
    DeleteGuildCategory,
    DeleteGuildCategoryHandler,
)
from application.use_cases.guilds.delete_channel import (
    DeleteGuildChannel,
    DeleteGuildChannelHandler,
)
from application.use_cases.guilds.get_channel import GetGuildChannel, GetGuildChannelHandler
from application.use_cases.guilds.list_channels import (
    ListGuildChannels,
    ListGuildChannelsHandler,
)
from application.use_cases.guilds.reorder_channels import (
    ChannelPosition,
    ReorderGuildChannels,
    ReorderGuildChannelsHandler,
)
from application.use_cases.guilds.update_channel import (
    UpdateGuildChannel,
    UpdateGuildChannelHandler,
)
from application.wire.dto import ChannelDTO
from domain.channels import ChannelType
from entrypoints.common.http import Int64, QuotedId, created, ok, parse_quoted_id, read_body

Int32 = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)]
"""``guild_channels.position`` is an SQL ``INT``; GoChat let larger values reach it (500)."""


class ChannelUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    list_guild_channels = providers.Singleton(ListGuildChannelsHandler, uow=ports.uow)
    get_guild_channel = providers.Singleton(GetGuildChannelHandler, uow=ports.uow)
    create_guild_channel = providers.Singleton(
        CreateGuildChannelHandler,
        uow=ports.uow,
        ids=ports.ids,
        clock=ports.clock,
        events=ports.events,
    )
    reorder_guild_channels = providers.Singleton(
        ReorderGuildChannelsHandler, uow=ports.uow, events=ports.events
    )
    update_guild_channel = providers.Singleton(
        UpdateGuildChannelHandler, uow=ports.uow, events=ports.events
    )
    delete_guild_channel = providers.Singleton(
        DeleteGuildChannelHandler, uow=ports.uow, messages=ports.messages, events=ports.events
    )
    delete_guild_category = providers.Singleton(
        DeleteGuildCategoryHandler, uow=ports.uow, messages=ports.messages, events=ports.events
    )


class CreateChannelBody(msgspec.Struct):
    name: str = ""
    type: Int64 = 0
    parent_id: Int64 | None = None
    private: bool = False
    position: Int32 = 0


class CreateCategoryBody(msgspec.Struct):
    name: str = ""
    private: bool = False
    position: Int32 = 0


class ChannelPositionBody(msgspec.Struct):
    id: QuotedId
    position: Int32 = 0


class ReorderChannelsBody(msgspec.Struct):
    channels: list[ChannelPositionBody] | None = None


class UpdateChannelBody(msgspec.Struct):
    name: str | None = None
    private: bool | None = None
    topic: str | None = None


class GuildChannelController(Controller):
    path = "/api/v1/guild/{guild_id:int}"
    tags = ["guild"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/channel")
    async def list_guild_channels(
        self, guild_id: int, actor: int, list_guild_channels: ListGuildChannelsHandler
    ) -> list[ChannelDTO]:
        """The guild's channels in position order (private ones only when visible)."""
        return await list_guild_channels(ListGuildChannels(actor_id=actor, guild_id=guild_id))

    @get("/channel/{channel_id:int}")
    async def get_guild_channel(
        self, guild_id: int, channel_id: int, actor: int, get_guild_channel: GetGuildChannelHandler
    ) -> ChannelDTO:
        """One channel of the guild, when the caller may see it."""
        return await get_guild_channel(
            GetGuildChannel(actor_id=actor, guild_id=guild_id, channel_id=channel_id)
        )

    @post("/channel", status_code=201)
    async def create_guild_channel(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        create_guild_channel: CreateGuildChannelHandler,
    ) -> Response[str]:
        """Create a text, voice, category or thread channel (ManageChannels); publishes 106."""
        body = await read_body(request, CreateChannelBody)
        await create_guild_channel(
            CreateGuildChannel(
                actor_id=actor,
                guild_id=guild_id,
                name=body.name,
                type=body.type,
                parent_id=body.parent_id,
                private=body.private,
                position=body.position,
            )
        )
        return created()

    @post("/category", status_code=201)
    async def create_guild_category(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        create_guild_channel: CreateGuildChannelHandler,
    ) -> Response[str]:
        """Create a category (ManageChannels); publishes 106."""
        body = await read_body(request, CreateCategoryBody)
        await create_guild_channel(
            CreateGuildChannel(
                actor_id=actor,
                guild_id=guild_id,
                name=body.name,
                type=ChannelType.GUILD_CATEGORY,
                private=body.private,
                position=body.position,
            )
        )
        return created()

    @patch("/channel/order", status_code=200)
    async def reorder_guild_channels(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        reorder_guild_channels: ReorderGuildChannelsHandler,
    ) -> Response[str]:
        """Set channel positions; ids are JSON strings (ManageChannels); publishes 108."""
        body = await read_body(request, ReorderChannelsBody)
        positions = [
            ChannelPosition(id=parse_quoted_id(item.id), position=item.position)
            for item in body.channels or ()
        ]
        await reorder_guild_channels(
            ReorderGuildChannels(actor_id=actor, guild_id=guild_id, channels=positions)
        )
        return ok()

    @patch("/channel/{channel_id:int}", status_code=200)
    async def update_guild_channel(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        channel_id: int,
        actor: int,
        update_guild_channel: UpdateGuildChannelHandler,
    ) -> ChannelDTO:
        """Change name, topic or privacy (ManageChannels); publishes 107; 304 on empty body."""
        body = await read_body(request, UpdateChannelBody)
        return await update_guild_channel(
            UpdateGuildChannel(
                actor_id=actor,
                guild_id=guild_id,
                channel_id=channel_id,
                name=body.name,
                private=body.private,
                topic=body.topic,
            )
        )

    @delete("/channel/{channel_id:int}", status_code=200)
    async def delete_guild_channel(
        self,
        guild_id: int,
        channel_id: int,
        actor: int,
        delete_guild_channel: DeleteGuildChannelHandler,
    ) -> Response[str]:
        """Delete a non-category channel and its messages; publishes 109."""
        await delete_guild_channel(
            DeleteGuildChannel(actor_id=actor, guild_id=guild_id, channel_id=channel_id)
        )
        return ok()

    @delete("/category/{category_id:int}", status_code=200)
    async def delete_guild_category(
        self,
        guild_id: int,
        category_id: int,
        actor: int,
        delete_guild_category: DeleteGuildCategoryHandler,
    ) -> Response[str]:
        """Delete a category; the channels under it stay; publishes 109."""
        await delete_guild_category(
            DeleteGuildCategory(actor_id=actor, guild_id=guild_id, channel_id=category_id)
        )
        return ok()


UseCases = ChannelUseCases
CONTROLLERS: list[type[Controller]] = [GuildChannelController]
