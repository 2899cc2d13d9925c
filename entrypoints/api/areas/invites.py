"""Guild invites (spec §2.4.7 rows 68-72): manage them, preview a code, join with it."""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, delete, get, post
from litestar.response import Response

from application.use_cases.invites.accept_invite import AcceptInvite, AcceptInviteHandler
from application.use_cases.invites.create_invite import CreateInvite, CreateInviteHandler
from application.use_cases.invites.delete_invite import DeleteInvite, DeleteInviteHandler
from application.use_cases.invites.list_invites import ListInvites, ListInvitesHandler
from application.use_cases.invites.preview_invite import PreviewInvite, PreviewInviteHandler
from application.wire.dto import GuildDTO, InviteDTO, InvitePreviewDTO
from entrypoints.common.http import no_content, read_body


class InviteUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    invites_create = providers.Singleton(
        CreateInviteHandler, uow=ports.uow, ids=ports.ids, clock=ports.clock
    )
    invites_list = providers.Singleton(ListInvitesHandler, uow=ports.uow, clock=ports.clock)
    invites_delete = providers.Singleton(DeleteInviteHandler, uow=ports.uow)
    invites_preview = providers.Singleton(PreviewInviteHandler, uow=ports.uow, clock=ports.clock)
    invites_accept = providers.Singleton(
        AcceptInviteHandler,
        uow=ports.uow,
        messages=ports.messages,
        ids=ports.ids,
        clock=ports.clock,
        events=ports.events,
    )


class CreateInviteBody(msgspec.Struct, forbid_unknown_fields=False):
    """A JSON body is required (``{}`` will do), as GoChat's body parser demands one."""

    expires_in_sec: int | None = None


class InviteController(Controller):
    path = "/api/v1/guild/invites"
    tags = ["guild invites"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/{guild_id:int}", status_code=201)
    async def create_invite(
        self,
        request: Request[Any, Any, Any],
        guild_id: int,
        actor: int,
        invites_create: CreateInviteHandler,
    ) -> InviteDTO:
        """Create an invite (7 days unless ``expires_in_sec`` says otherwise)."""
        body = await read_body(request, CreateInviteBody)
        return await invites_create(
            CreateInvite(actor_id=actor, guild_id=guild_id, expires_in_sec=body.expires_in_sec)
        )

    @get("/{guild_id:int}")
    async def list_invites(
        self, guild_id: int, actor: int, invites_list: ListInvitesHandler
    ) -> list[InviteDTO]:
        """The guild's active invites, newest first."""
        return await invites_list(ListInvites(actor_id=actor, guild_id=guild_id))

    @delete("/{guild_id:int}/{invite_id:int}", status_code=204)
    async def delete_invite(
        self, guild_id: int, invite_id: int, actor: int, invites_delete: DeleteInviteHandler
    ) -> Response[None]:
        """Revoke an invite (succeeds even if it is already gone)."""
        await invites_delete(DeleteInvite(actor_id=actor, guild_id=guild_id, invite_id=invite_id))
        return no_content()

    @get("/receive/{code:str}")
    async def preview_invite(
        self, code: str, actor: int, invites_preview: PreviewInviteHandler
    ) -> InvitePreviewDTO:
        """What an invite code leads to, for any signed-in user."""
        return await invites_preview(PreviewInvite(actor_id=actor, code=code))

    @post("/accept/{code:str}", status_code=200)
    async def accept_invite(
        self, code: str, actor: int, invites_accept: AcceptInviteHandler
    ) -> GuildDTO:
        """Join the guild behind an invite code; publishes 200 (and the Join message)."""
        return await invites_accept(AcceptInvite(actor_id=actor, code=code))


UseCases = InviteUseCases
CONTROLLERS: list[type[Controller]] = [InviteController]
