"""Building guilds, DMs, users and messages for the message use-case tests."""

from dataclasses import dataclass
from typing import Any

from application.ports.attachment_store import Attachment
from application.use_cases.guilds.create_guild import CreateGuild, CreateGuildHandler
from application.use_cases.messages.ack_message import AckMessageHandler
from application.use_cases.messages.create_attachment import CreateAttachmentHandler
from application.use_cases.messages.delete_message import DeleteMessageHandler
from application.use_cases.messages.edit_message import EditMessageHandler
from application.use_cases.messages.get_messages import GetMessagesHandler
from application.use_cases.messages.send_message import SendMessageHandler
from application.use_cases.messages.send_typing import SendTypingHandler
from domain.channels import Channel, ChannelType
from domain.members import Ban, Member
from domain.messages import Message
from domain.permissions import Override
from domain.roles import Role
from domain.users import User
from tests.unit.fakes import Fakes

UPLOAD_LIMIT = 1_000
TTL_MS = 600_000


@dataclass
class Handlers:
    get: GetMessagesHandler
    send: SendMessageHandler
    edit: EditMessageHandler
    delete: DeleteMessageHandler
    attach: CreateAttachmentHandler
    typing: SendTypingHandler
    ack: AckMessageHandler


def handlers(fakes: Fakes) -> Handlers:
    f = fakes
    return Handlers(
        get=GetMessagesHandler(
            uow=f.uow, messages=f.messages, attachments=f.attachments, clock=f.clock
        ),
        send=SendMessageHandler(
            uow=f.uow,
            messages=f.messages,
            read_states=f.read_states,
            attachments=f.attachments,
            mentions=f.mentions,
            events=f.events,
            ids=f.ids,
            clock=f.clock,
        ),
        edit=EditMessageHandler(
            uow=f.uow,
            messages=f.messages,
            attachments=f.attachments,
            events=f.events,
            clock=f.clock,
        ),
        delete=DeleteMessageHandler(uow=f.uow, messages=f.messages, events=f.events),
        attach=CreateAttachmentHandler(
            uow=f.uow,
            attachments=f.attachments,
            ids=f.ids,
            clock=f.clock,
            upload_limit=UPLOAD_LIMIT,
            attachment_ttl_ms=TTL_MS,
        ),
        typing=SendTypingHandler(uow=f.uow, events=f.events),
        ack=AckMessageHandler(uow=f.uow, read_states=f.read_states, events=f.events),
    )


async def add_user(
    fakes: Fakes, name: str, *, upload_limit: int | None = None, avatar: int | None = None
) -> int:
    user = User(
        id=fakes.ids.next_id(),
        name=name,
        discriminator=name.lower(),
        upload_limit=upload_limit,
        avatar=avatar,
    )
    async with fakes.uow.write() as tx:
        await tx.users.add(user)
    return user.id


async def make_guild(fakes: Fakes, owner_id: int) -> tuple[int, int]:
    """A guild as CreateGuild makes it; returns (guild id, "general" channel id)."""
    guild = await CreateGuildHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)(
        CreateGuild(actor_id=owner_id, name="guild")
    )
    async with fakes.uow.read() as tx:
        channels = await tx.channels.list_by_guild(guild.id)
    general = next(c for c in channels if c.type is ChannelType.GUILD_TEXT)
    return guild.id, general.id


async def join(
    fakes: Fakes,
    guild_id: int,
    user_id: int,
    *,
    nickname: str | None = None,
    roles: tuple[int, ...] = (),
) -> None:
    async with fakes.uow.write() as tx:
        await tx.members.add(
            Member(guild_id=guild_id, user_id=user_id, nickname=nickname, role_ids=list(roles))
        )


async def add_role(fakes: Fakes, guild_id: int, permissions: int) -> int:
    role = Role(id=fakes.ids.next_id(), guild_id=guild_id, name="role", permissions=permissions)
    async with fakes.uow.write() as tx:
        await tx.roles.add(role)
    return role.id


async def set_everyone(fakes: Fakes, guild_id: int, mask: int) -> None:
    async with fakes.uow.write() as tx:
        guild = await tx.guilds.get(guild_id)
        assert guild is not None
        guild.permissions = mask
        await tx.guilds.update(guild)


async def add_channel(fakes: Fakes, guild_id: int | None, kind: ChannelType, **fields: Any) -> int:
    channel = Channel(id=fakes.ids.next_id(), type=kind, guild_id=guild_id, name="chan", **fields)
    async with fakes.uow.write() as tx:
        await tx.channels.add(channel)
    return channel.id


async def make_dm(fakes: Fakes, *users: int, kind: ChannelType = ChannelType.DM) -> int:
    channel_id = await add_channel(fakes, None, kind)
    async with fakes.uow.write() as tx:
        await tx.dms.add_participants(channel_id, list(users))
    return channel_id


async def override(fakes: Fakes, channel_id: int, role_id: int, *, accept: int, deny: int) -> None:
    async with fakes.uow.write() as tx:
        await tx.overrides.put(channel_id, role_id, Override(accept=accept, deny=deny))


async def ban(fakes: Fakes, guild_id: int, user_id: int) -> None:
    async with fakes.uow.write() as tx:
        await tx.bans.add(Ban(guild_id=guild_id, user_id=user_id))
        await tx.members.remove(guild_id, user_id)


async def befriend(fakes: Fakes, a: int, b: int) -> None:
    async with fakes.uow.write() as tx:
        await tx.friends.befriend(a, b, fakes.clock.now_ms())


async def attachment(
    fakes: Fakes, channel_id: int, author_id: int, *, done: bool = True, **fields: Any
) -> int:
    """A stored attachment (finished unless ``done=False``)."""
    stored = Attachment(
        id=fakes.ids.next_id(),
        channel_id=channel_id,
        author_id=author_id,
        filename=fields.pop("filename", "file.png"),
        size=fields.pop("size", 10),
        url=fields.pop("url", "https://cdn.example/file.png"),
        done=done,
        expires_at_ms=None if done else fakes.clock.now_ms() + TTL_MS,
        **fields,
    )
    await fakes.attachments.add_placeholder(stored)
    return stored.id


async def put_message(
    fakes: Fakes, channel_id: int, author_id: int, content: str = "hi", **fields: Any
) -> int:
    """Store a message directly and make it the channel's newest."""
    message = Message(
        id=fakes.ids.next_id(),
        channel_id=channel_id,
        author_id=author_id,
        content=content,
        **fields,
    )
    await fakes.messages.add(message)
    async with fakes.uow.write() as tx:
        await tx.channels.set_last_message([channel_id], message.id)
    return message.id


async def last_message_id(fakes: Fakes, channel_id: int) -> int:
    async with fakes.uow.read() as tx:
        channel = await tx.channels.get(channel_id)
    assert channel is not None
    return channel.last_message_id
