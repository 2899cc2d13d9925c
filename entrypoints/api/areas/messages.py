"""Message routes (spec §2.4.8): history, send, edit, delete, attachments, typing, read state."""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import Parameter

from application.use_cases.messages.ack_message import AckMessage, AckMessageHandler
from application.use_cases.messages.create_attachment import (
    CreateAttachment,
    CreateAttachmentHandler,
)
from application.use_cases.messages.delete_message import DeleteMessage, DeleteMessageHandler
from application.use_cases.messages.edit_message import EditMessage, EditMessageHandler
from application.use_cases.messages.get_messages import GetMessages, GetMessagesHandler
from application.use_cases.messages.send_message import SendMessage, SendMessageHandler
from application.use_cases.messages.send_typing import SendTyping, SendTypingHandler
from application.wire.dto import AttachmentUploadDTO, MessageDTO
from application.wire.embeds import Embed
from domain.ids import MAX_ID
from entrypoints.common.http import LenientId, lenient_id, ok, read_body


class MessageUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    message_get = providers.Singleton(
        GetMessagesHandler,
        uow=ports.uow,
        messages=ports.messages,
        attachments=ports.attachments,
        clock=ports.clock,
    )
    message_send = providers.Singleton(
        SendMessageHandler,
        uow=ports.uow,
        messages=ports.messages,
        read_states=ports.read_states,
        attachments=ports.attachments,
        mentions=ports.mentions,
        events=ports.events,
        ids=ports.ids,
        clock=ports.clock,
    )
    message_edit = providers.Singleton(
        EditMessageHandler,
        uow=ports.uow,
        messages=ports.messages,
        attachments=ports.attachments,
        events=ports.events,
        clock=ports.clock,
    )
    message_delete = providers.Singleton(
        DeleteMessageHandler, uow=ports.uow, messages=ports.messages, events=ports.events
    )
    message_attachment = providers.Singleton(
        CreateAttachmentHandler,
        uow=ports.uow,
        attachments=ports.attachments,
        ids=ports.ids,
        clock=ports.clock,
        upload_limit=providers.Callable(lambda s: s.upload_limit, ports.settings),
        attachment_ttl_ms=providers.Callable(
            lambda s: s.attachment_ttl_minutes * 60_000, ports.settings
        ),
    )
    message_typing = providers.Singleton(SendTypingHandler, uow=ports.uow, events=ports.events)
    message_ack = providers.Singleton(
        AckMessageHandler, uow=ports.uow, read_states=ports.read_states, events=ports.events
    )


class SendMessageBody(msgspec.Struct, forbid_unknown_fields=False):
    content: str | None = None
    attachments: list[LenientId] | None = None
    mentions: list[LenientId] | None = None
    """Validated as GoChat does, then unused: mentions are read from the content."""
    embeds: list[Embed] | None = None


class EditMessageBody(msgspec.Struct, forbid_unknown_fields=False):
    content: str | None = None
    embeds: list[Embed] | None = None
    flags: int | None = None


class CreateAttachmentBody(msgspec.Struct, forbid_unknown_fields=False):
    filename: str = ""
    file_size: int = 0
    width: int | None = None
    height: int | None = None
    content_type: str | None = None


CHANNEL = "/message/channel/{channel_id:int}"
MESSAGE = CHANNEL + "/{message_id:int}"


class MessageController(Controller):
    path = "/api/v1"
    tags = ["message"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(CHANNEL)
    async def get_messages(
        self,
        *,
        channel_id: int,
        actor: int,
        message_get: GetMessagesHandler,
        from_: int | None = Parameter(query="from", default=None, ge=-MAX_ID - 1, le=MAX_ID),
        limit: int | None = Parameter(query="limit", default=None),
        direction: str | None = Parameter(query="direction", default=None),
    ) -> list[MessageDTO]:
        """A page of history: ``before`` (default), ``after`` or ``around`` the ``from`` id."""
        return await message_get(
            GetMessages(
                actor_id=actor,
                channel_id=channel_id,
                from_id=from_,
                limit=limit,
                direction=direction,
            )
        )

    @post(CHANNEL, status_code=200)
    async def send_message(
        self,
        request: Request[Any, Any, Any],
        channel_id: int,
        actor: int,
        message_send: SendMessageHandler,
    ) -> MessageDTO:
        """Post a message; publishes 100 (and 300, 405, 302 as they apply)."""
        body = await read_body(request, SendMessageBody)
        for mentioned in body.mentions or ():
            lenient_id(mentioned)
        return await message_send(
            SendMessage(
                actor_id=actor,
                channel_id=channel_id,
                content=body.content or "",
                attachment_ids=[lenient_id(i) for i in body.attachments or ()],
                embeds=body.embeds or [],
            )
        )

    @patch(MESSAGE, status_code=200)
    async def edit_message(
        self,
        request: Request[Any, Any, Any],
        channel_id: int,
        message_id: int,
        actor: int,
        message_edit: EditMessageHandler,
    ) -> MessageDTO:
        """Change your message's text, embeds or flags; publishes 101."""
        body = await read_body(request, EditMessageBody)
        return await message_edit(
            EditMessage(
                actor_id=actor,
                channel_id=channel_id,
                message_id=message_id,
                content=body.content,
                embeds=body.embeds,
                flags=body.flags,
            )
        )

    @delete(MESSAGE, status_code=200)
    async def delete_message(
        self, channel_id: int, message_id: int, actor: int, message_delete: DeleteMessageHandler
    ) -> Response[str]:
        """Delete your message (or any, with ManageMessages); publishes 102."""
        await message_delete(
            DeleteMessage(actor_id=actor, channel_id=channel_id, message_id=message_id)
        )
        return ok()

    @post(CHANNEL + "/attachment", status_code=200)
    async def create_attachment(
        self,
        request: Request[Any, Any, Any],
        channel_id: int,
        actor: int,
        message_attachment: CreateAttachmentHandler,
    ) -> AttachmentUploadDTO:
        """Reserve an attachment; its bytes go to the upload service next."""
        body = await read_body(request, CreateAttachmentBody)
        return await message_attachment(
            CreateAttachment(
                actor_id=actor,
                channel_id=channel_id,
                filename=body.filename,
                file_size=body.file_size,
                width=body.width,
                height=body.height,
                content_type=body.content_type,
            )
        )

    @post(CHANNEL + "/typing", status_code=200)
    async def send_typing(
        self, channel_id: int, actor: int, message_typing: SendTypingHandler
    ) -> Response[str]:
        """Tell the channel you are typing (301)."""
        await message_typing(SendTyping(actor_id=actor, channel_id=channel_id))
        return ok()

    @post(MESSAGE + "/ack", status_code=200)
    async def ack_message(
        self, channel_id: int, message_id: int, actor: int, message_ack: AckMessageHandler
    ) -> Response[str]:
        """Mark the channel read up to this message (400 to your sessions)."""
        await message_ack(AckMessage(actor_id=actor, channel_id=channel_id, message_id=message_id))
        return ok()


UseCases = MessageUseCases
CONTROLLERS: list[type[Controller]] = [MessageController]
