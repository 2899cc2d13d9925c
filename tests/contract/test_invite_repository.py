import pytest

from application.errors import StoreConflict
from application.ports.unit_of_work import UnitOfWork
from tests.contract.builders import BIG, T0, invite


async def test_invite_found_by_code_while_active(uow: UnitOfWork) -> None:
    stored = invite(BIG, BIG + 1)
    async with uow.write() as tx:
        await tx.invites.add(stored)
    async with uow.read() as tx:
        assert await tx.invites.get_by_code(stored.code, T0) == stored
        assert await tx.invites.get_by_code(stored.code, stored.expires_at_ms - 1) == stored
        assert await tx.invites.get_by_code("NOPE0000", T0) is None


async def test_taken_code_conflicts_and_transaction_goes_on(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.invites.add(invite(1, 10, code="AAAAAAAA"))
        with pytest.raises(StoreConflict):
            await tx.invites.add(invite(2, 10, code="AAAAAAAA"))
        await tx.invites.add(invite(2, 10, code="BBBBBBBB"))
    async with uow.read() as tx:
        active = await tx.invites.list_active(10, T0)
    assert sorted((i.id, i.code) for i in active) == [(1, "AAAAAAAA"), (2, "BBBBBBBB")]


async def test_expired_invite_is_purged_and_frees_its_code(uow: UnitOfWork) -> None:
    expired = invite(1, 10, code="AAAAAAAA", ttl_ms=1000)
    async with uow.write() as tx:
        await tx.invites.add(expired)
    async with uow.write() as tx:
        assert await tx.invites.get_by_code("AAAAAAAA", expired.expires_at_ms) is None
        await tx.invites.add(invite(2, 10, code="AAAAAAAA", created_at_ms=T0 + 2000))
    async with uow.read() as tx:
        found = await tx.invites.get_by_code("AAAAAAAA", T0 + 2000)
    assert found is not None
    assert found.id == 2


async def test_list_active_is_newest_first_and_unexpired(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.invites.add(invite(1, 10, created_at_ms=T0))
        await tx.invites.add(invite(2, 10, created_at_ms=T0 + 10))
        await tx.invites.add(invite(3, 10, created_at_ms=T0 - 10_000, ttl_ms=5_000))
        await tx.invites.add(invite(4, 11, created_at_ms=T0))
    async with uow.read() as tx:
        assert [i.id for i in await tx.invites.list_active(10, T0 + 20)] == [2, 1]
        assert [i.id for i in await tx.invites.list_active(11, T0 + 20)] == [4]
        assert await tx.invites.list_active(12, T0) == []


async def test_delete_needs_the_right_guild(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.invites.add(invite(1, 10))
        await tx.invites.add(invite(2, 10))
    async with uow.write() as tx:
        await tx.invites.delete(11, 1)  # not this guild's: ignored
        await tx.invites.delete(10, 2)
        await tx.invites.delete(10, 404)
    async with uow.read() as tx:
        assert [i.id for i in await tx.invites.list_active(10, T0)] == [1]
        assert await tx.invites.get_by_code(invite(2, 10).code, T0) is None
