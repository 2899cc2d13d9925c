import pytest

from application.ports.unit_of_work import UnitOfWork
from domain.members import Ban
from tests.contract.builders import guild, member, text_channel, user


class Boom(Exception):
    pass


async def test_write_commits_on_normal_exit(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.users.add(user(1))
    async with uow.read() as tx:
        assert await tx.users.get(1) == user(1)


async def test_failed_write_leaves_no_trace(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.guilds.add(guild(1))

    async def failing_use_case() -> None:
        async with uow.write() as tx:
            await tx.users.add(user(2))
            await tx.guilds.delete(1)
            await tx.guilds.add(guild(3))
            await tx.channels.add(text_channel(4, 3))
            await tx.members.add(member(3, 2))
            await tx.bans.add(Ban(guild_id=3, user_id=5))
            await tx.settings.save(2, b"{}")
            raise Boom

    with pytest.raises(Boom):
        await failing_use_case()
    async with uow.read() as tx:
        assert await tx.users.get(2) is None
        assert await tx.guilds.get(1) == guild(1)
        assert await tx.guilds.get(3) is None
        assert await tx.channels.get(4) is None
        assert await tx.members.count(3) == 0
        assert await tx.bans.list_by_guild(3) == []
        assert await tx.settings.get(2) is None


async def test_a_transaction_sees_its_own_writes(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.guilds.add(guild(1))
        await tx.members.add(member(1, 2))
        assert [g.id for g in await tx.guilds.list_for_user(2)] == [1]
