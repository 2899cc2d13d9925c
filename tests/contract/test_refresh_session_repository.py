from application.ports.unit_of_work import UnitOfWork
from domain.accounts import RefreshSession
from tests.contract.builders import BIG, T0


def session(jti: str, *, user_id: int = BIG, family: str = "family-a") -> RefreshSession:
    return RefreshSession(jti=jti, user_id=user_id, family=family, expires_at_ms=T0)


async def test_added_session_reads_back(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.refresh_sessions.add(session("j1"))
    async with uow.read() as tx:
        assert await tx.refresh_sessions.get("j1") == session("j1")
        assert await tx.refresh_sessions.get("j2") is None


async def test_a_token_is_spent_once(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.refresh_sessions.add(session("j1"))
        assert await tx.refresh_sessions.mark_used("j1") is True
        assert await tx.refresh_sessions.mark_used("j1") is False
        assert await tx.refresh_sessions.mark_used("unknown") is False
    async with uow.read() as tx:
        stored = await tx.refresh_sessions.get("j1")
    assert stored is not None
    assert stored.used


async def test_revoke_family_touches_that_family_only(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.refresh_sessions.add(session("a1", family="a"))
        await tx.refresh_sessions.add(session("a2", family="a"))
        await tx.refresh_sessions.add(session("b1", family="b"))
        await tx.refresh_sessions.revoke_family("a")
    async with uow.read() as tx:
        revoked = {j: (await tx.refresh_sessions.get(j)) for j in ("a1", "a2", "b1")}
    assert {j: s.revoked for j, s in revoked.items() if s} == {"a1": True, "a2": True, "b1": False}


async def test_revoke_user_touches_that_user_only(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.refresh_sessions.add(session("x1", user_id=1, family="x"))
        await tx.refresh_sessions.add(session("x2", user_id=1, family="y"))
        await tx.refresh_sessions.add(session("z1", user_id=2, family="z"))
        await tx.refresh_sessions.revoke_user(1)
    async with uow.read() as tx:
        revoked = {j: (await tx.refresh_sessions.get(j)) for j in ("x1", "x2", "z1")}
    assert {j: s.revoked for j, s in revoked.items() if s} == {"x1": True, "x2": True, "z1": False}
