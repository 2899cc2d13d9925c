from application.ports.unit_of_work import UnitOfWork
from tests.contract.builders import BIG, T0


async def test_friendship_is_symmetric(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.friends.befriend(1, BIG, T0)
        await tx.friends.befriend(3, 1, T0)
    async with uow.read() as tx:
        assert await tx.friends.friends_of(1) == [3, BIG]
        assert await tx.friends.friends_of(BIG) == [1]
        assert await tx.friends.are_friends(BIG, 1)
        assert await tx.friends.are_friends(1, BIG)
        assert not await tx.friends.are_friends(3, BIG)


async def test_befriend_is_idempotent(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.friends.befriend(1, 2, T0)
        await tx.friends.befriend(1, 2, T0 + 1)
        await tx.friends.befriend(2, 1, T0 + 2)
    async with uow.read() as tx:
        assert await tx.friends.friends_of(1) == [2]
        assert await tx.friends.friends_of(2) == [1]


async def test_befriend_drops_requests_both_ways(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.friends.add_request(1, 2)
        await tx.friends.add_request(2, 1)
        await tx.friends.add_request(3, 2)
        await tx.friends.befriend(2, 1, T0)
    async with uow.read() as tx:
        assert await tx.friends.requests_to(2) == [3]
        assert await tx.friends.requests_to(1) == []


async def test_unfriend_ends_both_sides(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.friends.befriend(1, 2, T0)
        await tx.friends.befriend(1, 3, T0)
        await tx.friends.unfriend(2, 1)
        await tx.friends.unfriend(4, 5)
    async with uow.read() as tx:
        assert await tx.friends.friends_of(1) == [3]
        assert await tx.friends.friends_of(2) == []
        assert not await tx.friends.are_friends(1, 2)


async def test_several_requests_pending_oldest_first(uow: UnitOfWork) -> None:
    """GoChat kept one request per recipient (spec §6.1); here each sender keeps a place."""
    async with uow.write() as tx:
        await tx.friends.add_request(BIG, 1)
        await tx.friends.add_request(5, 1)
    async with uow.write() as tx:
        await tx.friends.add_request(9, 1)
        await tx.friends.add_request(BIG, 1)  # repeated: keeps its place
        await tx.friends.add_request(1, 5)
    async with uow.read() as tx:
        assert await tx.friends.requests_to(1) == [BIG, 5, 9]
        assert await tx.friends.requests_to(5) == [1]
        assert await tx.friends.requests_to(9) == []


async def test_delete_request_reports_whether_there_was_one(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.friends.add_request(2, 1)
        assert await tx.friends.delete_request(1, 2) is False  # wrong direction
        assert await tx.friends.delete_request(2, 1) is True
        assert await tx.friends.delete_request(2, 1) is False
    async with uow.read() as tx:
        assert await tx.friends.requests_to(1) == []
