"""Users, credentials and the records behind authentication."""

import pytest

from domain.accounts import (
    RECOVERY_TTL_MS,
    REGISTRATION_TTL_MS,
    RESEND_COOLDOWN_MS,
    Credential,
    Recovery,
    RefreshSession,
    Registration,
)
from domain.errors import DomainError, ValidationError
from domain.friends import ensure_not_self
from domain.users import (
    User,
    discriminator_problem,
    is_valid_email,
    name_problem,
    normalize_email,
    password_problem,
    validate_name,
)


def test_user_defaults() -> None:
    user = User(id=1, name="alice", discriminator="alice")
    assert user.avatar is None
    assert not user.blocked


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("abcd", None),
        ("a" * 20, None),
        ("abc", "name must be at least 4 characters"),
        ("a" * 21, "name must be no more than 20 characters"),
    ],
)
def test_name_length(name: str, problem: str | None) -> None:
    assert name_problem(name) == problem


def test_validate_name_raises_the_field_keyed_text() -> None:
    validate_name("alice")
    with pytest.raises(ValidationError) as caught:
        validate_name("al")
    assert caught.value.message == "name: name must be at least 4 characters."


@pytest.mark.parametrize(
    ("discriminator", "problem"),
    [
        ("alice.b_c-9", None),
        ("abc", "discriminator must be at least 4 characters"),
        ("a" * 21, "discriminator must be no more than 20 characters"),
        ("Alice", "discriminator must contain only a-z, 0-9, '.', '_' or '-'"),
        ("al ice", "discriminator must contain only a-z, 0-9, '.', '_' or '-'"),
    ],
)
def test_discriminator_rules(discriminator: str, problem: str | None) -> None:
    assert discriminator_problem(discriminator) == problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("12345678", None),
        ("p" * 50, None),
        ("1234567", "password must be at least 8 characters"),
        ("p" * 51, "password must be no more than 50 characters"),
    ],
)
def test_password_length(password: str, problem: str | None) -> None:
    assert password_problem(password) == problem


@pytest.mark.parametrize(
    ("email", "valid"),
    [
        ("alice@example.com", True),
        ("a.b+tag@sub.example.org", True),
        ("alice@example", False),
        ("alice example.com", False),
        ("@example.com", False),
        ("a" * 245 + "@example.com", False),
    ],
)
def test_email_shape(email: str, valid: bool) -> None:
    assert is_valid_email(email) is valid


def test_emails_compare_case_insensitively() -> None:
    assert normalize_email("  Alice@Example.COM ") == "alice@example.com"


def test_friends_refuse_self() -> None:
    ensure_not_self(1, 2)
    with pytest.raises(DomainError, match="unable to perform this action on yourself"):
        ensure_not_self(1, 1)


def test_credential_holds_the_hash() -> None:
    credential = Credential(user_id=1, email="a@b.co", password_hash="$argon2id$...")
    assert credential.user_id == 1


def test_registration_cooldown_and_expiry() -> None:
    registration = Registration(user_id=1, email="a@b.co", token="t", created_at_ms=1_000)
    assert registration.too_recent(1_000 + RESEND_COOLDOWN_MS - 1)
    assert not registration.too_recent(1_000 + RESEND_COOLDOWN_MS)
    assert not registration.expired(1_000 + REGISTRATION_TTL_MS)
    assert registration.expired(1_000 + REGISTRATION_TTL_MS + 1)


def test_recovery_cooldown_and_expiry() -> None:
    recovery = Recovery(
        user_id=1, token="t", created_at_ms=1_000, expires_at_ms=1_000 + RECOVERY_TTL_MS
    )
    assert recovery.too_recent(1_000)
    assert not recovery.too_recent(1_000 + RESEND_COOLDOWN_MS)
    assert not recovery.expired(RECOVERY_TTL_MS)
    assert recovery.expired(1_000 + RECOVERY_TTL_MS)


def test_refresh_session_starts_unused_and_unrevoked() -> None:
    session = RefreshSession(jti="j", user_id=1, family="f", expires_at_ms=10)
    assert not session.used
    assert not session.revoked
