import pytest

from application.errors import StoreConflict
from application.ports.unit_of_work import UnitOfWork
from domain.accounts import Credential, Recovery, Registration
from tests.contract.builders import BIG, T0


def credential(user_id: int, email: str) -> Credential:
    return Credential(user_id=user_id, email=email, password_hash=f"hash-{user_id}")


async def test_credential_found_by_email_and_user(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.credentials.add(credential(BIG, "a@example.com"))
    async with uow.read() as tx:
        assert await tx.credentials.get_by_email("a@example.com") == credential(
            BIG, "a@example.com"
        )
        assert await tx.credentials.get_by_user(BIG) == credential(BIG, "a@example.com")
        assert await tx.credentials.get_by_email("A@example.com") is None  # exact match
        assert await tx.credentials.get_by_user(2) is None


async def test_email_with_an_account_conflicts(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.credentials.add(credential(1, "a@example.com"))
        with pytest.raises(StoreConflict):
            await tx.credentials.add(credential(2, "a@example.com"))
        await tx.credentials.add(credential(3, "b@example.com"))
    async with uow.read() as tx:
        assert await tx.credentials.get_by_user(2) is None
        assert await tx.credentials.get_by_user(3) is not None


async def test_set_password_hash(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.credentials.add(credential(1, "a@example.com"))
        await tx.credentials.set_password_hash(1, "new-hash")
        await tx.credentials.set_password_hash(2, "nobody")  # unknown users are left alone
    async with uow.read() as tx:
        stored = await tx.credentials.get_by_email("a@example.com")
        assert stored is not None
        assert stored.password_hash == "new-hash"
        assert await tx.credentials.get_by_user(2) is None


def registration(user_id: int, email: str, created_at_ms: int = T0) -> Registration:
    return Registration(
        user_id=user_id, email=email, token=f"token-{user_id}", created_at_ms=created_at_ms
    )


async def test_registration_save_replaces_by_user(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.registrations.save(registration(1, "a@example.com"))
        await tx.registrations.save(registration(1, "b@example.com", T0 + 5))
    async with uow.read() as tx:
        assert await tx.registrations.get(1) == registration(1, "b@example.com", T0 + 5)
        assert await tx.registrations.get_by_email("a@example.com") is None
        assert await tx.registrations.get(2) is None


async def test_registration_by_email_is_the_newest(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.registrations.save(registration(1, "a@example.com", T0 + 10))
        await tx.registrations.save(registration(2, "a@example.com", T0 + 20))
        await tx.registrations.save(registration(3, "a@example.com", T0))
    async with uow.read() as tx:
        newest = await tx.registrations.get_by_email("a@example.com")
    assert newest == registration(2, "a@example.com", T0 + 20)


async def test_registration_delete(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.registrations.save(registration(1, "a@example.com"))
        await tx.registrations.delete(1)
        await tx.registrations.delete(404)
    async with uow.read() as tx:
        assert await tx.registrations.get(1) is None


async def test_recovery_save_get_replace_delete(uow: UnitOfWork) -> None:
    first = Recovery(user_id=1, token="t" * 64, created_at_ms=T0, expires_at_ms=T0 + 1000)
    second = Recovery(user_id=1, token="u" * 64, created_at_ms=T0 + 1, expires_at_ms=T0 + 2000)
    async with uow.write() as tx:
        await tx.recoveries.save(first)
    async with uow.read() as tx:
        assert await tx.recoveries.get(1) == first
    async with uow.write() as tx:
        await tx.recoveries.save(second)
    async with uow.read() as tx:
        assert await tx.recoveries.get(1) == second
    async with uow.write() as tx:
        await tx.recoveries.delete(1)
        await tx.recoveries.delete(2)
    async with uow.read() as tx:
        assert await tx.recoveries.get(1) is None
