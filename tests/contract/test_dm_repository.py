from application.ports.unit_of_work import UnitOfWork
from tests.contract.builders import BIG, dm_channel, text_channel


async def test_direct_dm_found_from_either_side(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(BIG))
        await tx.dms.add_participants(BIG, [1, 2])
    async with uow.read() as tx:
        assert await tx.dms.find_between(1, 2) == BIG
        assert await tx.dms.find_between(2, 1) == BIG
        assert await tx.dms.find_between(1, 3) is None
        assert await tx.dms.participants(BIG) == [1, 2]


async def test_adding_participants_is_idempotent(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(1))
        await tx.channels.add(dm_channel(2, group=True))
        await tx.dms.add_participants(1, [5, 4])
        await tx.dms.add_participants(2, [7, 6, 8])
    async with uow.write() as tx:
        await tx.dms.add_participants(1, [4, 5])
        await tx.dms.add_participants(2, [8, 6, 6])
        await tx.dms.add_participants(2, [])
    async with uow.read() as tx:
        assert await tx.dms.participants(1) == [4, 5]
        assert await tx.dms.participants(2) == [6, 7, 8]
        assert await tx.dms.find_between(4, 5) == 1


async def test_direct_dm_sides_may_arrive_one_at_a_time(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(1))
        await tx.dms.add_participants(1, [4])
        await tx.dms.add_participants(1, [5])
    async with uow.read() as tx:
        assert await tx.dms.participants(1) == [4, 5]
        assert await tx.dms.find_between(4, 5) == 1
        assert await tx.dms.find_between(5, 4) == 1


async def test_a_group_holding_two_users_is_not_their_dm(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(1, group=True))
        await tx.dms.add_participants(1, [4, 5])
    async with uow.read() as tx:
        assert await tx.dms.find_between(4, 5) is None
        assert await tx.dms.participants(1) == [4, 5]


async def test_group_dm_grows(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(1, group=True))
        await tx.dms.add_participants(1, [4, 5])
        await tx.dms.add_participants(1, [6])
    async with uow.read() as tx:
        assert await tx.dms.participants(1) == [4, 5, 6]


async def test_channels_of_lists_both_kinds(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(30))
        await tx.channels.add(dm_channel(10, group=True))
        await tx.channels.add(dm_channel(20))
        await tx.dms.add_participants(30, [1, 2])
        await tx.dms.add_participants(10, [1, 2, 3])
        await tx.dms.add_participants(20, [2, 3])
    async with uow.read() as tx:
        assert await tx.dms.channels_of(1) == [10, 30]
        assert await tx.dms.channels_of(2) == [10, 20, 30]
        assert await tx.dms.channels_of(4) == []


async def test_other_channels_have_no_participants(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(text_channel(1, 10))
    async with uow.read() as tx:
        assert await tx.dms.participants(1) == []
        assert await tx.dms.participants(404) == []
