import pytest

from application.errors import StoreConflict
from application.ports.unit_of_work import UnitOfWork
from domain.permissions import Override
from domain.roles import Role
from tests.contract.builders import BIG, member, role


async def test_added_role_reads_back_whole(uow: UnitOfWork) -> None:
    stored = role(BIG, BIG + 1, position=3, permissions=1 << 40)
    async with uow.write() as tx:
        await tx.roles.add(stored)
        with pytest.raises(StoreConflict):
            await tx.roles.add(role(BIG, 1))
    async with uow.read() as tx:
        assert await tx.roles.get(BIG) == stored
        assert await tx.roles.get(1) is None


async def test_list_by_guild_is_by_position_then_id(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.roles.add(role(3, 10, position=0))
        await tx.roles.add(role(1, 10, position=1))
        await tx.roles.add(role(2, 10, position=0))
        await tx.roles.add(role(4, 11, position=0))
    async with uow.read() as tx:
        assert [r.id for r in await tx.roles.list_by_guild(10)] == [2, 3, 1]
        assert await tx.roles.list_by_guild(12) == []


async def test_update(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.roles.add(role(1, 10))
    changed = Role(id=1, guild_id=10, name="mods", color=0xFF0000, permissions=8, position=4)
    async with uow.write() as tx:
        await tx.roles.update(changed)
    async with uow.read() as tx:
        assert await tx.roles.get(1) == changed


async def test_delete_removes_assignments_and_overrides(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.roles.add(role(1, 10))
        await tx.roles.add(role(2, 10))
        await tx.members.add(member(10, 100, role_ids=[1, 2]))
        await tx.overrides.put(50, 1, Override(accept=1, deny=0))
        await tx.overrides.put(50, 2, Override(accept=2, deny=0))
    async with uow.write() as tx:
        await tx.roles.delete(1)
    async with uow.read() as tx:
        assert await tx.roles.get(1) is None
        kept = await tx.members.get(10, 100)
        assert kept is not None
        assert kept.role_ids == [2]
        assert await tx.overrides.list_for_channel(50) == {2: Override(accept=2, deny=0)}


async def test_set_positions_returns_moved_roles_sorted(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        for role_id in (1, 2, 3):
            await tx.roles.add(role(role_id, 10, position=role_id))
        await tx.roles.add(role(4, 11, position=0))
    async with uow.write() as tx:
        moved = await tx.roles.set_positions(10, {1: 7, 3: 0, 4: 1, 404: 2})
        assert await tx.roles.set_positions(10, {}) == []
    assert [(r.id, r.position) for r in moved] == [(3, 0), (1, 7)]
    async with uow.read() as tx:
        assert [(r.id, r.position) for r in await tx.roles.list_by_guild(10)] == [
            (3, 0),
            (2, 2),
            (1, 7),
        ]
        foreign = await tx.roles.get(4)
    assert foreign is not None
    assert foreign.position == 0
