import asyncio

import pytest

from adapters.memory.state import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from application.errors import StoreConflict
from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.members import Member
from domain.users import User


def user(user_id: int, discriminator: str) -> User:
    return User(id=user_id, name=f"user{user_id}", discriminator=discriminator)


async def test_write_commits_when_the_block_ends() -> None:
    uow = MemoryUnitOfWork()
    async with uow.write() as tx:
        await tx.users.add(user(1, "alice"))
    async with uow.read() as tx:
        assert await tx.users.get(1) == user(1, "alice")


async def test_write_rolls_everything_back_when_the_block_raises() -> None:
    uow = MemoryUnitOfWork()
    async with uow.write() as tx:
        await tx.users.add(user(1, "alice"))

    async def half_done_write() -> None:
        async with uow.write() as tx:
            await tx.guilds.add(Guild(id=10, name="guild", owner_id=1))
            await tx.members.add(Member(guild_id=10, user_id=1))
            await tx.users.update(User(id=1, name="renamed", discriminator="alice"))
            await tx.users.add(user(2, "alice"))  # discriminator taken

    with pytest.raises(StoreConflict):
        await half_done_write()
    async with uow.read() as tx:
        assert await tx.guilds.get(10) is None
        assert await tx.members.get(10, 1) is None
        assert await tx.users.get(1) == user(1, "alice")
        assert await tx.users.find_by_discriminator("alice") == user(1, "alice")
    assert 2 not in uow.db.users


async def test_rollback_keeps_the_database_object() -> None:
    db = MemoryDatabase()
    uow = MemoryUnitOfWork(db)

    async def failing_write() -> None:
        async with uow.write() as tx:
            await tx.users.add(user(1, "alice"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await failing_write()
    assert uow.db is db
    assert db.users == {}
    async with uow.write() as tx:
        await tx.users.add(user(1, "alice"))
    assert 1 in db.users


async def test_writes_are_serialized() -> None:
    uow = MemoryUnitOfWork()
    order: list[str] = []

    async def writer(name: str) -> None:
        async with uow.write():
            order.append(f"{name} start")
            await asyncio.sleep(0)
            order.append(f"{name} end")

    await asyncio.gather(writer("a"), writer("b"))
    assert order == ["a start", "a end", "b start", "b end"]


async def test_returned_entities_are_copies() -> None:
    uow = MemoryUnitOfWork()
    channel = Channel(id=5, type=ChannelType.GUILD_TEXT, name="general", guild_id=1)
    async with uow.write() as tx:
        await tx.channels.add(channel)
        await tx.members.add(Member(guild_id=1, user_id=2, role_ids=[7]))
    channel.name = "changed-after-add"
    async with uow.read() as tx:
        loaded = await tx.channels.get(5)
        member = await tx.members.get(1, 2)
    assert loaded is not None
    assert member is not None
    assert loaded.name == "general"
    loaded.name = "changed-after-get"
    member.role_ids.append(8)
    async with uow.read() as tx:
        assert (await tx.channels.get(5)) == Channel(
            id=5, type=ChannelType.GUILD_TEXT, name="general", guild_id=1
        )
        assert (await tx.members.get(1, 2)) == Member(guild_id=1, user_id=2, role_ids=[7])


async def test_writes_made_through_read_are_discarded() -> None:
    uow = MemoryUnitOfWork()
    async with uow.read() as tx:
        await tx.users.add(user(1, "alice"))
        assert await tx.users.get(1) == user(1, "alice")
    async with uow.read() as tx:
        assert await tx.users.get(1) is None
    assert uow.db.users == {}


async def test_a_read_during_a_write_sees_only_committed_data() -> None:
    uow = MemoryUnitOfWork()
    async with uow.write() as tx:
        await tx.users.add(user(1, "alice"))
    async with uow.write() as tx:
        await tx.users.add(user(2, "bob"))
        await tx.users.update(User(id=1, name="renamed", discriminator="alice"))
        async with uow.read() as reader:
            assert await reader.users.get(2) is None
            assert await reader.users.get(1) == user(1, "alice")
    async with uow.read() as tx:
        assert set(await tx.users.get_many([1, 2])) == {1, 2}
