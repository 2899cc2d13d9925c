"""The SQLite read cache (``adapters.sql.read_cache``) through the unit of work.

Every scenario first warms the cache and checks that a warm read runs no statement at all, so a
change that shows up afterwards can only have come from an invalidation.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from adapters.sql.engine import Database
from adapters.sql.unit_of_work import SqlUnitOfWork
from application.ports.unit_of_work import Transaction, UnitOfWork
from domain.channels import Channel
from domain.guilds import Guild
from domain.members import Ban, Member
from domain.permissions import Override
from domain.roles import Role
from domain.users import User
from tests.contract.builders import guild, member, role, text_channel, user
from tests.contract.conftest import open_database

G, C, R, R2 = 10, 20, 30, 31
OWNER, ALICE, OUTSIDER, NEWCOMER = 1, 2, 3, 4


@dataclass(frozen=True)
class Seen:
    """What message requests read, as one read transaction saw it."""

    guild: Guild | None
    channel: Channel | None
    alice: Member | None
    outsider: Member | None
    roles: list[Role]
    overrides: dict[int, Override]
    user_override: Override | None
    user: User | None
    newcomer: User | None
    users: dict[int, User]
    banned: set[int]


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    database = await open_database("sql", tmp_path)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def statements(sqlite: Database) -> list[str]:
    """Every SQL statement the database runs, in order (tests clear it as they go)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(sqlite.engine.sync_engine, "before_cursor_execute", record)
    return seen


@pytest.fixture
async def uow(sqlite: Database) -> UnitOfWork:
    uow = SqlUnitOfWork(sqlite)
    async with uow.write() as tx:
        for user_id in (OWNER, ALICE, OUTSIDER):
            await tx.users.add(user(user_id))
        await tx.guilds.add(guild(G, owner_id=OWNER))
        await tx.channels.add(text_channel(C, G))
        await tx.roles.add(role(R, G, permissions=8))
        await tx.members.add(member(G, ALICE, role_ids=[R]))
        await tx.overrides.put(C, R, Override(accept=1, deny=2))
    return uow


async def look(uow: UnitOfWork) -> Seen:
    async with uow.read() as tx:
        return Seen(
            guild=await tx.guilds.get(G),
            channel=await tx.channels.get(C),
            alice=await tx.members.get(G, ALICE),
            outsider=await tx.members.get(G, OUTSIDER),
            roles=await tx.roles.list_by_guild(G),
            overrides=await tx.overrides.list_for_channel(C),
            user_override=await tx.overrides.get_user_override(C, ALICE),
            user=await tx.users.get(ALICE),
            newcomer=await tx.users.get(NEWCOMER),
            users=await tx.users.get_many([OWNER, ALICE, NEWCOMER]),
            banned=await tx.bans.banned_among(G, [ALICE, OUTSIDER]),
        )


async def warm(uow: UnitOfWork, statements: list[str]) -> Seen:
    """Read everything twice; the second time must come from the cache alone."""
    first = await look(uow)
    statements.clear()
    second = await look(uow)
    assert statements == []
    assert second == first
    return second


async def rename_guild(tx: Transaction) -> None:
    stored = await tx.guilds.get(G)
    assert stored is not None
    stored.name = "renamed"
    await tx.guilds.update(stored)


async def change_role(tx: Transaction) -> None:
    stored = await tx.roles.get(R)
    assert stored is not None
    stored.permissions = 16
    await tx.roles.update(stored)


async def assign_role(tx: Transaction) -> None:
    await tx.roles.add(role(R2, G, position=1))
    await tx.members.add_role(G, ALICE, R2)


async def rename_channel(tx: Transaction) -> None:
    stored = await tx.channels.get(C)
    assert stored is not None
    stored.name = "renamed"
    await tx.channels.update(stored)


async def rename_user(tx: Transaction) -> None:
    stored = await tx.users.get(ALICE)
    assert stored is not None
    stored.name = "renamed"
    await tx.users.update(stored)


Write = Callable[[Transaction], Awaitable[object]]
Check = Callable[[Seen], bool]

CHANGES: dict[str, tuple[Write, Check]] = {
    "guild rename": (rename_guild, lambda s: s.guild is not None and s.guild.name == "renamed"),
    "role change": (change_role, lambda s: [r.permissions for r in s.roles] == [16]),
    "role positions": (
        lambda tx: tx.roles.set_positions(G, {R: 5}),
        lambda s: [r.position for r in s.roles] == [5],
    ),
    "role delete": (
        lambda tx: tx.roles.delete(R),
        lambda s: (
            s.roles == [] and s.alice is not None and not s.alice.role_ids and not s.overrides
        ),
    ),
    "role assignment": (
        assign_role,
        lambda s: s.alice is not None and s.alice.role_ids == [R, R2] and len(s.roles) == 2,
    ),
    "role removal": (
        lambda tx: tx.members.remove_role(G, ALICE, R),
        lambda s: s.alice is not None and s.alice.role_ids == [],
    ),
    "override put": (
        lambda tx: tx.overrides.put(C, R, Override(accept=4, deny=0)),
        lambda s: s.overrides == {R: Override(accept=4, deny=0)},
    ),
    "override update": (
        lambda tx: tx.overrides.update(C, R, Override(accept=0, deny=4)),
        lambda s: s.overrides == {R: Override(accept=0, deny=4)},
    ),
    "override delete": (lambda tx: tx.overrides.delete(C, R), lambda s: s.overrides == {}),
    "member removal": (lambda tx: tx.members.remove(G, ALICE), lambda s: s.alice is None),
    "member join": (
        lambda tx: tx.members.add(member(G, OUTSIDER)),
        lambda s: s.outsider is not None,
    ),
    "ban": (
        lambda tx: tx.bans.add(Ban(guild_id=G, user_id=OUTSIDER)),
        lambda s: s.banned == {OUTSIDER},
    ),
    "guild delete": (
        lambda tx: tx.guilds.delete(G),
        lambda s: (s.guild, s.channel, s.alice, s.roles, s.overrides) == (None, None, None, [], {}),
    ),
    "channel rename": (
        rename_channel,
        lambda s: s.channel is not None and s.channel.name == "renamed",
    ),
    "channel positions": (
        lambda tx: tx.channels.set_positions(G, {C: 7}),
        lambda s: s.channel is not None and s.channel.position == 7,
    ),
    "channel delete": (
        lambda tx: tx.channels.delete(C),
        lambda s: s.channel is None and s.overrides == {},
    ),
    "user rename": (
        rename_user,
        lambda s: s.user is not None and s.user.name == s.users[ALICE].name == "renamed",
    ),
    "sign-up": (
        lambda tx: tx.users.add(user(NEWCOMER)),
        lambda s: s.newcomer is not None and NEWCOMER in s.users,
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_committed_write_invalidates(
    uow: UnitOfWork, statements: list[str], change: str
) -> None:
    write, changed = CHANGES[change]
    before = await warm(uow, statements)
    assert not changed(before)

    async with uow.write() as tx:
        await write(tx)

    assert changed(await look(uow))


@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_rolled_back_write_changes_nothing(
    uow: UnitOfWork, statements: list[str], change: str
) -> None:
    write, _ = CHANGES[change]
    before = await warm(uow, statements)

    async def failing_use_case() -> None:
        async with uow.write() as tx:
            await write(tx)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await failing_use_case()

    statements.clear()
    assert await look(uow) == before
    assert statements == []  # still warm: nothing was dropped


async def test_a_read_racing_a_write_cannot_store_what_it_saw(
    uow: UnitOfWork, statements: list[str]
) -> None:
    """The reader's snapshot predates the rename; storing it would serve the old name forever."""
    async with uow.read() as reader:
        assert await reader.channels.get(C) is not None  # the snapshot starts here
        async with uow.write() as tx:
            await rename_guild(tx)
        stale = await reader.guilds.get(G)
    assert stale is not None
    assert stale.name == "guild"  # a snapshot is a snapshot

    fresh = await warm(uow, statements)
    assert fresh.guild is not None
    assert fresh.guild.name == "renamed"


async def test_a_read_transaction_that_writes_stops_caching(
    uow: UnitOfWork, statements: list[str]
) -> None:
    """Its writes are discarded, so nothing it reads after them may be cached."""
    await warm(uow, statements)
    async with uow.read() as tx:
        await tx.members.add(member(G, OUTSIDER))
        assert await tx.members.get(G, OUTSIDER) is not None
    assert (await look(uow)).outsider is None


async def test_last_message_stays_cached_and_only_moves_forward(
    uow: UnitOfWork, statements: list[str]
) -> None:
    """Sends raise a floor instead of invalidating, and a row read earlier cannot lower it."""
    async with uow.read() as reader:
        assert await reader.members.count(G) == 1  # the reader's snapshot starts here
        for message_id in (500, 400):
            async with uow.write() as tx:
                await tx.channels.set_last_message([C], message_id)
        raced = await reader.channels.get(C)  # the snapshot's row (0), cached, under the floor
    assert raced is not None
    assert raced.last_message_id == 500

    seen = await warm(uow, statements)
    assert seen.channel is not None
    assert seen.channel.last_message_id == 500

    async with uow.write() as tx:
        await tx.channels.set_last_message([C], 600)
    statements.clear()
    seen = await look(uow)
    assert seen.channel is not None
    assert seen.channel.last_message_id == 600
    assert statements == []  # the channel stayed cached through the send
