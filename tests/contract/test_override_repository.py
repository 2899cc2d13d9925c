from application.ports.unit_of_work import UnitOfWork
from domain.permissions import Override
from tests.contract.builders import BIG


async def test_put_inserts_and_replaces(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.overrides.put(BIG, 1, Override(accept=1, deny=2))
        await tx.overrides.put(BIG, 2, Override(accept=1 << 40, deny=0))
        await tx.overrides.put(BIG, 1, Override(accept=3, deny=4))
        await tx.overrides.put(BIG + 1, 1, Override(accept=5, deny=6))
    async with uow.read() as tx:
        assert await tx.overrides.list_for_channel(BIG) == {
            1: Override(accept=3, deny=4),
            2: Override(accept=1 << 40, deny=0),
        }
        assert await tx.overrides.list_for_channel(404) == {}


async def test_update_changes_existing_only(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.overrides.put(1, 1, Override(accept=1, deny=1))
        assert await tx.overrides.update(1, 1, Override(accept=7, deny=8)) is True
        assert await tx.overrides.update(1, 2, Override(accept=7, deny=8)) is False
    async with uow.read() as tx:
        assert await tx.overrides.list_for_channel(1) == {1: Override(accept=7, deny=8)}


async def test_update_with_the_same_values_still_counts(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.overrides.put(1, 1, Override(accept=1, deny=1))
        assert await tx.overrides.update(1, 1, Override(accept=1, deny=1)) is True


async def test_delete(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.overrides.put(1, 1, Override(accept=1, deny=1))
        await tx.overrides.put(1, 2, Override(accept=2, deny=2))
        await tx.overrides.delete(1, 1)
        await tx.overrides.delete(1, 404)
    async with uow.read() as tx:
        assert await tx.overrides.list_for_channel(1) == {2: Override(accept=2, deny=2)}


async def test_no_user_override_unless_one_was_stored(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.overrides.put(1, 2, Override(accept=1, deny=1))  # a role's, not user 2's
    async with uow.read() as tx:
        assert await tx.overrides.get_user_override(1, 2) is None
