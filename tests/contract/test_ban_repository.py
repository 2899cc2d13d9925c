from application.ports.unit_of_work import UnitOfWork
from domain.members import Ban
from tests.contract.builders import BIG


async def test_bans_listed_by_user_and_reason_replaced(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.bans.add(Ban(guild_id=BIG, user_id=30, reason="spam"))
        await tx.bans.add(Ban(guild_id=BIG, user_id=10))
        await tx.bans.add(Ban(guild_id=BIG, user_id=30, reason="abuse"))
        await tx.bans.add(Ban(guild_id=2, user_id=20))
    async with uow.read() as tx:
        assert await tx.bans.list_by_guild(BIG) == [
            Ban(guild_id=BIG, user_id=10),
            Ban(guild_id=BIG, user_id=30, reason="abuse"),
        ]
        assert await tx.bans.list_by_guild(3) == []


async def test_remove(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.bans.add(Ban(guild_id=1, user_id=2))
        await tx.bans.add(Ban(guild_id=1, user_id=3))
        await tx.bans.remove(1, 2)
        await tx.bans.remove(1, 404)
    async with uow.read() as tx:
        assert [b.user_id for b in await tx.bans.list_by_guild(1)] == [3]


async def test_banned_among(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.bans.add(Ban(guild_id=1, user_id=2))
        await tx.bans.add(Ban(guild_id=1, user_id=BIG))
        await tx.bans.add(Ban(guild_id=9, user_id=3))
    async with uow.read() as tx:
        assert await tx.bans.banned_among(1, [2, 3, BIG, 2]) == {2, BIG}
        assert await tx.bans.banned_among(1, []) == set()
        assert await tx.bans.banned_among(1, range(1000, 2000)) == set()
