import msgspec

from application.ports.attachment_store import AttachmentStore
from application.ports.clock import Clock
from application.ports.message_store import MessageStore
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.messages.authors import load_authors
from application.use_cases.messages.gate import READ, READ_REFUSED, open_channel
from application.use_cases.messages.view import attachments_of, message_dto
from application.wire.dto import MessageDTO
from domain.messages import Direction, HistoryQuery, Message, merge_around, plan_history, redact


class GetMessages(msgspec.Struct, frozen=True, kw_only=True):
    """Query parameters as given; ``None`` means absent."""

    actor_id: int
    channel_id: int
    from_id: int | None = None
    limit: int | None = None
    direction: str | None = None


class GetMessagesHandler:
    """A page of a channel's history, exactly as GoChat pages it (spec §2.5).

    ``before`` (default, from the newest message): ``id <= from`` newest first; ``after``:
    ``id >= from`` oldest first; ``around``: ``before(from, limit/2)`` then ``after(from,
    limit/2)`` without its head, so a DESC block followed by an ASC block. ``limit`` is 1..100,
    then clamped to 50. An empty channel, or ``from`` not after the channel id, gives ``[]``.
    Authors show without discriminator; in guilds the nickname wins and banned authors'
    messages are redacted (content "", no attachments or embeds, flag 8).

    Deviations: GoChat checked nothing for DMs, group DMs and threads; here DMs need
    participation and threads their parent's ViewChannels + ReadMessageHistory. Query errors
    are reported after the channel checks, so outsiders learn nothing from them.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        messages: MessageStore,
        attachments: AttachmentStore,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._messages = messages
        self._attachments = attachments
        self._clock = clock

    async def __call__(self, query: GetMessages) -> list[MessageDTO]:
        """The page; raise ``NotFound``, ``Invalid`` or ``Forbidden``."""
        async with self._uow.read() as tx:
            gate = await open_channel(tx, query.channel_id, query.actor_id, refusal=READ_REFUSED)
            gate.require(*READ)
            channel = gate.channel
            plan = plan_history(
                direction=query.direction,
                from_id=query.from_id,
                limit=query.limit,
                last_message_id=channel.last_message_id,
            )
            if channel.last_message_id == 0 or plan.anchor <= channel.id:
                return []
            page = await self._page(channel.id, plan)
            authors = await load_authors(tx, channel.guild_id, {m.author_id for m in page})
        shown = [redact(m) if m.author_id in authors.banned else m for m in page]
        wanted = list(dict.fromkeys(i for m in shown for i in m.attachments))
        found = {}
        if wanted:
            now = self._clock.now_ms()
            found = {a.id: a for a in await self._attachments.get_many(channel.id, wanted, now)}
        return [message_dto(m, authors.shown[m.author_id], attachments_of(m, found)) for m in shown]

    async def _page(self, channel_id: int, plan: HistoryQuery) -> list[Message]:
        if plan.direction is Direction.BEFORE:
            return await self._messages.before(channel_id, plan.anchor, plan.limit)
        if plan.direction is Direction.AFTER:
            return await self._messages.after(channel_id, plan.anchor, plan.limit)
        half = plan.limit // 2
        older = await self._messages.before(channel_id, plan.anchor, half)
        newer = await self._messages.after(channel_id, plan.anchor, half)
        return merge_around(older, newer)
