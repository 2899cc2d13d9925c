from application.ports.unit_of_work import UnitOfWork
from tests.contract.builders import BIG


async def test_no_settings_until_saved(uow: UnitOfWork) -> None:
    async with uow.read() as tx:
        assert await tx.settings.get(BIG) is None


async def test_each_save_bumps_the_version(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        assert await tx.settings.save(BIG, b'{"theme":"dark"}') == 1
    async with uow.write() as tx:
        assert await tx.settings.save(BIG, b'{"theme":"light"}') == 2
        assert await tx.settings.save(2, b"{}") == 1
    async with uow.read() as tx:
        assert await tx.settings.get(BIG) == (b'{"theme":"light"}', 2)
        assert await tx.settings.get(2) == (b"{}", 1)


async def test_document_bytes_are_kept_exactly(uow: UnitOfWork) -> None:
    document = '{"name":"Zoë","emoji":"🦊"}'.encode() + b"\x00\xff"
    async with uow.write() as tx:
        await tx.settings.save(1, document)
    async with uow.read() as tx:
        assert await tx.settings.get(1) == (document, 1)
