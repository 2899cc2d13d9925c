"""Invite codes and expiry (spec §13.5)."""

import pytest

from domain.errors import ValidationError
from domain.invites import (
    DEFAULT_TTL_S,
    UNLIMITED_TTL_S,
    Invite,
    code_for,
    is_well_formed_code,
    ttl_seconds,
)


def test_spec_example_code() -> None:
    assert code_for(2230469276416868352) == "DBY0H91C"


def test_code_is_the_last_eight_uppercase_base36_digits() -> None:
    value = 2230469276416868352
    full = ""
    while value:
        value, rest = divmod(value, 36)
        full = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rest] + full
    assert len(full) > 8
    assert code_for(2230469276416868352) == full[-8:]
    assert int(code_for(2230469276416868352), 36) == 2230469276416868352 % 36**8


@pytest.mark.parametrize(
    ("invite_id", "code"),
    [
        (0, "00000000"),
        (1, "00000001"),
        (35, "0000000Z"),
        (36, "00000010"),
        (36**8, "00000000"),
        (36**8 - 1, "ZZZZZZZZ"),
    ],
)
def test_short_codes_are_left_padded_with_zeros(invite_id: int, code: str) -> None:
    assert code_for(invite_id) == code


def test_negative_ids_are_rejected_rather_than_looping() -> None:
    with pytest.raises(ValueError, match="invite id must not be negative"):
        code_for(-1)


@pytest.mark.parametrize(
    ("code", "ok"), [("DBY0H91C", True), ("DBY0H91", False), ("", False), ("DBY0H91CX", False)]
)
def test_receive_and_accept_need_exactly_eight_characters(code: str, ok: bool) -> None:
    assert is_well_formed_code(code) is ok


def test_ttl_defaults_to_seven_days() -> None:
    assert ttl_seconds(None) == DEFAULT_TTL_S == 604_800


def test_zero_ttl_means_a_hundred_years() -> None:
    assert ttl_seconds(0) == UNLIMITED_TTL_S == 100 * 365 * 86_400


@pytest.mark.parametrize("seconds", [60, 3600, 2_592_000])
def test_ttl_within_range_is_kept(seconds: int) -> None:
    assert ttl_seconds(seconds) == seconds


@pytest.mark.parametrize("seconds", [1, 59, 2_592_001, -1])
def test_ttl_out_of_range_is_refused(seconds: int) -> None:
    with pytest.raises(ValidationError) as caught:
        ttl_seconds(seconds)
    assert caught.value.message == "expires_in_sec: must be 0 or between 60 and 2592000."


def test_invite_is_active_until_it_expires() -> None:
    invite = Invite(
        id=1, code="00000001", guild_id=2, author_id=3, created_at_ms=1_000, expires_at_ms=5_000
    )
    assert invite.is_active(4_999)
    assert not invite.is_active(5_000)
