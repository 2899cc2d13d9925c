import pytest

from application.errors import StoreConflict
from application.ports.unit_of_work import UnitOfWork
from tests.contract.builders import BIG, T0, user


async def test_added_user_reads_back_whole(uow: UnitOfWork) -> None:
    stored = user(BIG, discriminator="alice")
    stored.avatar = BIG + 1
    stored.upload_limit = 10_000_000
    async with uow.write() as tx:
        await tx.users.add(stored)
    async with uow.read() as tx:
        assert await tx.users.get(BIG) == stored
        assert await tx.users.get(BIG + 5) is None


async def test_get_many_returns_known_ids_only(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        for user_id in (1, 2, 3):
            await tx.users.add(user(user_id))
    async with uow.read() as tx:
        found = await tx.users.get_many([3, 1, 99, 1])
        assert found == {1: user(1), 3: user(3)}
        assert await tx.users.get_many([]) == {}


async def test_get_many_handles_long_id_lists(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        for user_id in range(1, 1201, 100):
            await tx.users.add(user(user_id))
    async with uow.read() as tx:
        found = await tx.users.get_many(range(1, 1300))
    assert sorted(found) == list(range(1, 1201, 100))


async def test_find_by_discriminator(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.users.add(user(7, discriminator="bob.b"))
    async with uow.read() as tx:
        found = await tx.users.find_by_discriminator("bob.b")
        assert found is not None
        assert found.id == 7
        assert await tx.users.find_by_discriminator("bob") is None


async def test_taken_id_conflicts(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.users.add(user(1, discriminator="first"))
    with pytest.raises(StoreConflict):
        async with uow.write() as tx:
            await tx.users.add(user(1, discriminator="second"))


async def test_taken_discriminator_conflicts_and_transaction_goes_on(uow: UnitOfWork) -> None:
    """A use case may catch the conflict (e.g. pick another handle) and still commit."""
    async with uow.write() as tx:
        await tx.users.add(user(1, discriminator="taken"))
        with pytest.raises(StoreConflict):
            await tx.users.add(user(2, discriminator="taken"))
        await tx.users.add(user(2, discriminator="free"))
    async with uow.read() as tx:
        assert await tx.users.get(1) == user(1, discriminator="taken")
        assert await tx.users.get(2) == user(2, discriminator="free")


async def test_update_stores_profile_fields_only(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.users.add(user(1, discriminator="carol", name="carol"))
    changed = user(1, discriminator="ignored", name="carol2")
    changed.avatar = 42
    changed.blocked = True
    changed.upload_limit = 5
    changed.created_at_ms = T0 + 1
    async with uow.write() as tx:
        await tx.users.update(changed)
    async with uow.read() as tx:
        stored = await tx.users.get(1)
    assert stored is not None
    assert (stored.name, stored.avatar, stored.blocked, stored.upload_limit) == (
        "carol2",
        42,
        True,
        5,
    )
    assert (stored.discriminator, stored.created_at_ms) == ("carol", T0)
