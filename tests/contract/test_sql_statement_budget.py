"""How many SQL statements the message hot path runs on SQLite once the read cache is warm.

A send is the message INSERT, the channel's last-message UPDATE and the read-state upsert; a
history page is the one SELECT of the page. The permission context, authors and bans come from
the cache. (BEGIN goes straight to the driver, so SQLAlchemy's statement events do not count
it: only the UPDATE runs inside one.) A change that makes these numbers grow is a regression of
the embedded profile's throughput (``bench/run.py``), so it should be a conscious one.
"""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from adapters.memory.clock import ManualClock
from adapters.memory.event_publisher import MemoryEventPublisher
from adapters.memory.id_generator import SequentialIdGenerator
from adapters.sql.attachment_store import SqlAttachmentStore
from adapters.sql.engine import Database
from adapters.sql.mention_store import SqlMentionStore
from adapters.sql.message_store import SqlMessageStore
from adapters.sql.read_state_store import SqlReadStateStore
from adapters.sql.unit_of_work import SqlUnitOfWork
from application.use_cases.messages.get_messages import GetMessages, GetMessagesHandler
from application.use_cases.messages.send_message import SendMessage, SendMessageHandler
from tests.contract.builders import guild, member, role, text_channel, user
from tests.contract.conftest import open_database

SEND_BUDGET = 3
HISTORY_BUDGET = 1

G, C, R = 10, 20, 30
OWNER, ALICE, BOB = 1, 2, 3


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    database = await open_database("sql", tmp_path)
    uow = SqlUnitOfWork(database)
    async with uow.write() as tx:
        for user_id in (OWNER, ALICE, BOB):
            await tx.users.add(user(user_id))
        await tx.guilds.add(guild(G, owner_id=OWNER))
        await tx.channels.add(text_channel(C, G))
        await tx.roles.add(role(R, G, permissions=1 << 11))
        await tx.members.add(member(G, ALICE, role_ids=[R]))
        await tx.members.add(member(G, BOB))
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def statements(sqlite: Database) -> list[str]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(sqlite.engine.sync_engine, "before_cursor_execute", record)
    return seen


def send_handler(database: Database) -> SendMessageHandler:
    clock = ManualClock()
    return SendMessageHandler(
        uow=SqlUnitOfWork(database),
        messages=SqlMessageStore(database),
        read_states=SqlReadStateStore(database),
        attachments=SqlAttachmentStore(database),
        mentions=SqlMentionStore(database),
        events=MemoryEventPublisher(),
        ids=SequentialIdGenerator(clock),
        clock=clock,
    )


@pytest.mark.parametrize(
    ("content", "budget"),
    [
        ("hello", SEND_BUDGET),
        # A mention adds a member lookup (cached too) and the stored mention.
        (f"hello <@{BOB}>", SEND_BUDGET + 1),
    ],
)
async def test_a_warm_send_stays_within_budget(
    sqlite: Database, statements: list[str], content: str, budget: int
) -> None:
    send = send_handler(sqlite)
    await send(SendMessage(actor_id=ALICE, channel_id=C, content="warm-up " + content))

    statements.clear()
    await send(SendMessage(actor_id=ALICE, channel_id=C, content=content))

    assert len(statements) <= budget, statements


async def test_a_warm_history_page_stays_within_budget(
    sqlite: Database, statements: list[str]
) -> None:
    send = send_handler(sqlite)
    for author in (ALICE, OWNER, BOB, ALICE):
        await send(SendMessage(actor_id=author, channel_id=C, content="fill"))
    history = GetMessagesHandler(
        uow=SqlUnitOfWork(sqlite),
        messages=SqlMessageStore(sqlite),
        attachments=SqlAttachmentStore(sqlite),
        clock=ManualClock(),
    )
    query = GetMessages(actor_id=BOB, channel_id=C, limit=50)
    assert len(await history(query)) == 4

    statements.clear()
    page = await history(query)

    assert len(page) == 4
    assert len(statements) <= HISTORY_BUDGET, statements
