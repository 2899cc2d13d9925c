import msgspec

from application.errors import Forbidden, NotFound
from application.ports.clock import Clock
from application.ports.event_publisher import EventPublisher
from application.ports.id_generator import IdGenerator
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.services.outbox import Outbox
from application.services.present import guild_dto, unknown_user_dto, user_dto
from application.use_cases.invites.lookup import INVITE_NOT_FOUND, find_invite
from application.wire.dto import GuildDTO, MessageDTO, UserDTO
from application.wire.events import (
    EventType,
    MemberAddEvent,
    MemberBrief,
    MessageEvent,
    channel_subject,
    guild_subject,
)
from application.wire.timefmt import rfc3339
from domain.guilds import Guild
from domain.members import Member
from domain.messages import Message, MessageType

USER_IS_BANNED = "user is banned"


class AcceptInvite(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in user wants to join through ``code``."""

    actor_id: int
    code: str


class AcceptInviteHandler:
    """Join a guild through an invite code (spec row 72, §13.5) and return the guild.

    Code rules as for the preview (400 / 404); a user banned from the guild gets 403 ``user
    is banned`` and nothing changes. On joining, 200 is published and, when the guild has a
    system channel, a Join message (type 2, empty content, authored by the joiner) is stored
    there, becomes its last message, and is published as 100 on that channel.

    Deviations: a member accepting again simply gets the guild back, with no second 200 and no
    second Join message (GoChat announced every accept, so re-opening an invite link spammed
    the system channel). The Join message is stored inside the membership transaction (GoChat
    did it in a fire-and-forget goroutine) and is skipped when the system channel no longer
    exists.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        messages: MessageStore,
        ids: IdGenerator,
        clock: Clock,
        events: EventPublisher,
    ) -> None:
        self._uow = uow
        self._messages = messages
        self._ids = ids
        self._clock = clock
        self._events = events

    async def __call__(self, command: AcceptInvite) -> GuildDTO:
        """The joined guild; raise ``Invalid``, ``NotFound`` or ``Forbidden``."""
        now = self._clock.now_ms()
        invite = await find_invite(self._uow, command.code, now)
        async with self._uow.write() as tx:
            guild = await tx.guilds.get(invite.guild_id)
            if guild is None:
                raise NotFound(INVITE_NOT_FOUND)
            if await tx.bans.banned_among(guild.id, [command.actor_id]):
                raise Forbidden(USER_IS_BANNED)
            member = Member(guild_id=guild.id, user_id=command.actor_id, joined_at_ms=now)
            if not await tx.members.add(member):
                return guild_dto(guild)
            user = await tx.users.get(command.actor_id)
            author = user_dto(user) if user else unknown_user_dto(command.actor_id)
            posted = await post_join_message(tx, self._messages, self._ids, guild, command.actor_id)
        outbox = Outbox()
        brief = MemberBrief(
            user=author, username=None, avatar=None, join_at=rfc3339(member.joined_at_ms)
        )
        added = MemberAddEvent(guild_id=guild.id, user_id=command.actor_id, member=brief)
        outbox.add(guild_subject(guild.id), EventType.MEMBER_ADD, added)
        if posted is not None:
            event = MessageEvent(guild_id=guild.id, message=join_message_dto(posted, author))
            outbox.add(channel_subject(posted.channel_id), EventType.MESSAGE_CREATE, event)
        await outbox.flush(self._events)
        return guild_dto(guild)


async def post_join_message(
    tx: Transaction, messages: MessageStore, ids: IdGenerator, guild: Guild, user_id: int
) -> Message | None:
    """Store the Join system message in the guild's system channel, if it has a usable one."""
    if guild.system_channel_id is None:
        return None
    channel = await tx.channels.get(guild.system_channel_id)
    if channel is None or channel.guild_id != guild.id or not channel.holds_messages:
        return None
    message = Message(
        id=ids.next_id(),
        channel_id=channel.id,
        author_id=user_id,
        content="",
        type=MessageType.JOIN,
    )
    await messages.add(message)
    await tx.channels.set_last_message([channel.id], message.id)
    return message


def join_message_dto(message: Message, author: UserDTO) -> MessageDTO:
    return MessageDTO(
        id=message.id,
        channel_id=message.channel_id,
        author=author,
        content=message.content,
        type=int(message.type),
    )
