"""History is the hottest read: a page costs a fixed number of lookups, not one per message."""

from collections import Counter
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from typing_extensions import override

from adapters.memory.attachment_store import MemoryAttachmentStore
from adapters.memory.ban_repository import MemoryBanRepository
from adapters.memory.member_repository import MemoryMemberRepository
from adapters.memory.state import MemoryDatabase
from adapters.memory.unit_of_work import MemoryTransaction, MemoryUnitOfWork
from adapters.memory.user_repository import MemoryUserRepository
from application.ports.attachment_store import Attachment
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.use_cases.messages.get_messages import GetMessages, GetMessagesHandler
from domain.members import Member
from domain.users import User
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene

calls: Counter[str] = Counter()


class CountingUsers(MemoryUserRepository):
    @override
    async def get_many(self, user_ids: Iterable[int]) -> dict[int, User]:
        calls["users.get_many"] += 1
        return await super().get_many(user_ids)


class CountingMembers(MemoryMemberRepository):
    @override
    async def get(self, guild_id: int, user_id: int) -> Member | None:
        calls["members.get"] += 1
        return await super().get(guild_id, user_id)


class CountingBans(MemoryBanRepository):
    @override
    async def banned_among(self, guild_id: int, user_ids: Iterable[int]) -> set[int]:
        calls["bans.banned_among"] += 1
        return await super().banned_among(guild_id, user_ids)


class CountingAttachments(MemoryAttachmentStore):
    def __init__(self, inner: MemoryAttachmentStore) -> None:
        super().__init__()
        self._inner = inner

    @override
    async def get_many(self, channel_id: int, ids: Sequence[int], now_ms: int) -> list[Attachment]:
        calls["attachments.get_many"] += 1
        return await self._inner.get_many(channel_id, ids, now_ms)


class CountingUow(UnitOfWork):
    def __init__(self, db: MemoryDatabase) -> None:
        self._inner = MemoryUnitOfWork(db)
        self._tx = MemoryTransaction(db)
        self._tx.users = CountingUsers(db)
        self._tx.members = CountingMembers(db)
        self._tx.bans = CountingBans(db)

    @override
    def read(self) -> AbstractAsyncContextManager[Transaction]:
        return self._reading()

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[Transaction]:
        yield self._tx

    @override
    def write(self) -> AbstractAsyncContextManager[Transaction]:
        return self._inner.write()


async def test_a_page_costs_one_lookup_per_kind_and_one_membership_read_per_author(
    scene: Scene,
) -> None:
    f = scene.fakes
    for index in range(30):
        author = (scene.alice, scene.bob)[index % 2]
        file_id = await world.attachment(f, scene.channel_id, author)
        await world.put_message(f, scene.channel_id, author, attachments=[file_id])
    handler = GetMessagesHandler(
        uow=CountingUow(f.uow.db),
        messages=f.messages,
        attachments=CountingAttachments(f.attachments),
        clock=f.clock,
    )
    calls.clear()

    page = await handler(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))

    assert len(page) == 30
    assert all(len(m.attachments) == 1 for m in page)
    # The gate reads the actor's own membership once; the page adds one per distinct author.
    assert calls == Counter(
        {
            "users.get_many": 1,
            "members.get": 1 + 2,
            "bans.banned_among": 1,
            "attachments.get_many": 1,
        }
    )
