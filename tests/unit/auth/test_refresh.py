import pytest
from typing_extensions import override

from adapters.memory.refresh_session_repository import MemoryRefreshSessionRepository
from application.errors import Unauthorized
from application.use_cases.auth.refresh import Refresh
from application.wire.dto import TokenPairDTO
from domain.accounts import RefreshSession
from tests.unit.auth.flows import log_in, refresh_handler, sign_up
from tests.unit.fakes import Fakes

INVALID = "Invalid or expired JWT"
DAY_MS = 24 * 3600 * 1000


async def logged_in(fakes: Fakes) -> tuple[int, TokenPairDTO]:
    user_id = await sign_up(fakes)
    return user_id, await log_in(fakes)


def session_of(fakes: Fakes, pair: TokenPairDTO) -> RefreshSession:
    return fakes.uow.db.refresh_sessions[fakes.tokens.verify_refresh(pair.refresh_token).jti]


async def refresh(fakes: Fakes, pair: TokenPairDTO) -> TokenPairDTO:
    return await refresh_handler(fakes)(Refresh(refresh_token=pair.refresh_token))


async def test_refresh_issues_a_new_pair_in_the_same_family(fakes: Fakes) -> None:
    user_id, pair = await logged_in(fakes)

    new = await refresh(fakes, pair)

    assert fakes.tokens.verify_access(new.token) == user_id
    assert new.refresh_token != pair.refresh_token
    old_session, new_session = session_of(fakes, pair), session_of(fakes, new)
    assert old_session.used
    assert not new_session.used
    assert new_session.family == old_session.family
    assert new_session.user_id == user_id


async def test_rotated_tokens_keep_working_in_a_chain(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    for _ in range(3):
        fakes.clock.advance(DAY_MS)
        pair = await refresh(fakes, pair)
    assert not session_of(fakes, pair).revoked


async def test_reusing_a_spent_token_revokes_the_whole_family(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    new = await refresh(fakes, pair)

    with pytest.raises(Unauthorized) as caught:
        await refresh(fakes, pair)

    assert caught.value.message == INVALID
    assert session_of(fakes, new).revoked
    with pytest.raises(Unauthorized) as after:
        await refresh(fakes, new)
    assert after.value.message == INVALID


async def test_reuse_revokes_only_that_family(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    other_device = await log_in(fakes)
    await refresh(fakes, pair)

    with pytest.raises(Unauthorized):
        await refresh(fakes, pair)

    assert not session_of(fakes, other_device).revoked
    await refresh(fakes, other_device)


async def test_token_rejected_by_the_token_service_keeps_its_text(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)

    with pytest.raises(Unauthorized) as forged:
        await refresh_handler(fakes)(Refresh(refresh_token="refresh.1.x.99"))
    with pytest.raises(Unauthorized) as access:
        await refresh_handler(fakes)(Refresh(refresh_token=pair.token))

    assert forged.value.message == INVALID
    assert access.value.message == "wrong token type"


async def test_token_without_a_session_is_refused(fakes: Fakes) -> None:
    user_id, _ = await logged_in(fakes)
    stray = fakes.tokens.issue(user_id, "never-stored-jti")

    with pytest.raises(Unauthorized) as caught:
        await refresh_handler(fakes)(Refresh(refresh_token=stray.refresh_token))

    assert caught.value.message == INVALID


async def test_session_of_another_user_is_refused(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    jti = fakes.tokens.verify_refresh(pair.refresh_token).jti
    impostor = fakes.tokens.issue(999, jti)

    with pytest.raises(Unauthorized) as caught:
        await refresh_handler(fakes)(Refresh(refresh_token=impostor.refresh_token))

    assert caught.value.message == INVALID
    assert not session_of(fakes, pair).used


async def test_expired_session_is_refused(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    session_of(fakes, pair).expires_at_ms = fakes.clock.now_ms()

    with pytest.raises(Unauthorized) as caught:
        await refresh(fakes, pair)

    assert caught.value.message == INVALID


async def test_revoked_session_is_refused_without_spending_it(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    session_of(fakes, pair).revoked = True

    with pytest.raises(Unauthorized) as caught:
        await refresh(fakes, pair)

    assert caught.value.message == INVALID
    assert not session_of(fakes, pair).used


async def test_refresh_token_past_30_days_is_refused(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    fakes.clock.advance(30 * DAY_MS + 1)

    with pytest.raises(Unauthorized) as caught:
        await refresh(fakes, pair)

    assert caught.value.message == INVALID


async def test_blocked_user_cannot_refresh_and_keeps_the_token_unspent(fakes: Fakes) -> None:
    user_id, pair = await logged_in(fakes)
    fakes.uow.db.users[user_id].blocked = True

    with pytest.raises(Unauthorized) as caught:
        await refresh(fakes, pair)

    assert caught.value.message == "user is banned"
    assert not session_of(fakes, pair).used


async def test_deleted_user_cannot_refresh(fakes: Fakes) -> None:
    user_id, pair = await logged_in(fakes)
    del fakes.uow.db.users[user_id]

    with pytest.raises(Unauthorized) as caught:
        await refresh(fakes, pair)

    assert caught.value.message == "user is banned"


class RivalSpendsAfterRead(MemoryRefreshSessionRepository):
    """Another request spends the token between our read and our ``mark_used``.

    The memory unit of work serializes writes, so the race a SQL store can lose has to be
    staged: ``get`` returns the fresh row, then the rival marks it used.
    """

    @override
    async def get(self, jti: str) -> RefreshSession | None:
        found = await super().get(jti)
        await self.mark_used(jti)
        return found


async def test_a_lost_race_to_spend_counts_as_reuse(fakes: Fakes) -> None:
    _, pair = await logged_in(fakes)
    fakes.uow._tx.refresh_sessions = RivalSpendsAfterRead(fakes.uow.db)

    with pytest.raises(Unauthorized) as caught:
        await refresh(fakes, pair)

    assert caught.value.message == INVALID
    assert session_of(fakes, pair).revoked
