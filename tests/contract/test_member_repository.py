from application.ports.unit_of_work import UnitOfWork
from domain.members import Member
from tests.contract.builders import BIG, T0, member


async def test_added_member_reads_back_whole(uow: UnitOfWork) -> None:
    stored = Member(guild_id=BIG, user_id=BIG + 1, nickname="nick", avatar=BIG + 2, joined_at_ms=T0)
    async with uow.write() as tx:
        assert await tx.members.add(stored) is True
    async with uow.read() as tx:
        assert await tx.members.get(BIG, BIG + 1) == stored
        assert await tx.members.get(BIG, BIG) is None


async def test_adding_again_changes_nothing(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        assert await tx.members.add(member(1, 2)) is True
    again = member(1, 2, role_ids=[9])
    again.nickname = "other"
    async with uow.write() as tx:
        assert await tx.members.add(again) is False
    async with uow.read() as tx:
        assert await tx.members.get(1, 2) == member(1, 2)


async def test_roles_given_on_add_are_assigned(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.members.add(member(1, 2, role_ids=[30, 10, 20, 10]))
    async with uow.read() as tx:
        stored = await tx.members.get(1, 2)
    assert stored is not None
    assert stored.role_ids == [10, 20, 30]


async def test_role_assignment_is_idempotent_and_sorted(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.members.add(member(1, 2))
        await tx.members.add_role(1, 2, BIG)
        await tx.members.add_role(1, 2, 5)
        await tx.members.add_role(1, 2, 5)
        await tx.members.add_role(1, 3, 5)  # another member's, and not a member: no effect here
    async with uow.read() as tx:
        stored = await tx.members.get(1, 2)
    assert stored is not None
    assert stored.role_ids == [5, BIG]


async def test_remove_role(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.members.add(member(1, 2, role_ids=[5, 6]))
        await tx.members.remove_role(1, 2, 5)
        await tx.members.remove_role(1, 2, 404)
    async with uow.read() as tx:
        stored = await tx.members.get(1, 2)
    assert stored is not None
    assert stored.role_ids == [6]


async def test_list_by_guild_orders_by_user_with_roles(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.members.add(member(1, 30, role_ids=[7]))
        await tx.members.add(member(1, 10))
        await tx.members.add(member(1, 20, role_ids=[8, 7]))
        await tx.members.add(member(2, 15, role_ids=[7]))
    async with uow.read() as tx:
        listed = await tx.members.list_by_guild(1)
        assert await tx.members.list_by_guild(3) == []
    assert [(m.user_id, m.role_ids) for m in listed] == [(10, []), (20, [7, 8]), (30, [7])]


async def test_remove_drops_membership_and_roles(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.members.add(member(1, 2, role_ids=[5]))
        await tx.members.add(member(1, 3, role_ids=[5]))
    async with uow.write() as tx:
        await tx.members.remove(1, 2)
        await tx.members.remove(1, 404)
    async with uow.read() as tx:
        assert await tx.members.get(1, 2) is None
        assert await tx.members.count(1) == 1
    async with uow.write() as tx:
        await tx.members.add(member(1, 2))
    async with uow.read() as tx:
        rejoined = await tx.members.get(1, 2)
        other = await tx.members.get(1, 3)
    assert rejoined is not None
    assert rejoined.role_ids == []
    assert other is not None
    assert other.role_ids == [5]


async def test_count(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        for user_id in range(5):
            await tx.members.add(member(1, user_id))
        await tx.members.add(member(2, 1))
    async with uow.read() as tx:
        assert await tx.members.count(1) == 5
        assert await tx.members.count(2) == 1
        assert await tx.members.count(3) == 0
