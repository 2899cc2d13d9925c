"""Membership, bans and the moderation rules (spec §13.10)."""

import pytest

from domain.errors import DomainError
from domain.members import (
    Ban,
    Member,
    ModerationAction,
    ModerationRefused,
    check_moderation,
    validate_ban_reason,
)

OWNER, ADMIN_USER, MOD, TARGET = 1, 2, 3, 4


def moderate(
    action: ModerationAction,
    *,
    actor: int = MOD,
    target: int = TARGET,
    member: bool = True,
    admin: bool = False,
) -> None:
    check_moderation(
        action=action,
        owner_id=OWNER,
        actor_id=actor,
        target_id=target,
        target_is_member=member,
        target_is_admin=admin,
    )


def test_member_defaults() -> None:
    member = Member(guild_id=9, user_id=TARGET)
    assert member.role_ids == []
    assert member.nickname is None
    assert Ban(guild_id=9, user_id=TARGET).reason is None


@pytest.mark.parametrize("action", list(ModerationAction))
def test_a_member_without_administrator_may_be_moderated(action: ModerationAction) -> None:
    moderate(action)


@pytest.mark.parametrize("action", list(ModerationAction))
def test_the_owner_cannot_be_moderated(action: ModerationAction) -> None:
    with pytest.raises(ModerationRefused) as caught:
        moderate(action, actor=OWNER, target=OWNER)
    assert caught.value.message == "cannot moderate guild owner"
    assert not caught.value.not_found


@pytest.mark.parametrize("action", [ModerationAction.KICK, ModerationAction.BAN])
def test_kick_and_ban_need_a_member(action: ModerationAction) -> None:
    with pytest.raises(ModerationRefused) as caught:
        moderate(action, member=False)
    assert caught.value.message == "not a member"
    assert caught.value.not_found


def test_unban_does_not_need_a_member() -> None:
    moderate(ModerationAction.UNBAN, member=False)


@pytest.mark.parametrize("action", list(ModerationAction))
def test_only_the_owner_may_moderate_administrators(action: ModerationAction) -> None:
    moderate(action, actor=OWNER, admin=True)
    with pytest.raises(ModerationRefused) as caught:
        moderate(action, actor=ADMIN_USER, admin=True)
    assert caught.value.message == "only guild owner can moderate administrators"
    assert isinstance(caught.value, DomainError)


def test_ban_reason_length() -> None:
    validate_ban_reason(None)
    validate_ban_reason("r" * 256)
    with pytest.raises(DomainError, match="ban reason must be 256 characters or fewer"):
        validate_ban_reason("r" * 257)
