import pytest

from adapters.argon2.password_hasher import Argon2PasswordHasher


@pytest.fixture(scope="module")
def hasher() -> Argon2PasswordHasher:
    # Small cost: these tests check behaviour, not strength.
    return Argon2PasswordHasher(time_cost=1, memory_cost_kib=1024)


async def test_hash_then_verify(hasher: Argon2PasswordHasher) -> None:
    stored = await hasher.hash("correct horse")

    assert stored.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert "correct horse" not in stored
    assert await hasher.verify(stored, "correct horse")


async def test_wrong_password_does_not_verify(hasher: Argon2PasswordHasher) -> None:
    stored = await hasher.hash("correct horse")
    assert not await hasher.verify(stored, "Correct horse")
    assert not await hasher.verify(stored, "")


async def test_each_hash_is_salted(hasher: Argon2PasswordHasher) -> None:
    assert await hasher.hash("same") != await hasher.hash("same")


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "not a hash",
        "$argon2id$v=19$m=1024,t=1,p=1$garbage",
        "$2a$10$N9qo8uLOCkgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",  # GoChat bcrypt
    ],
)
async def test_malformed_hash_does_not_verify(hasher: Argon2PasswordHasher, stored: str) -> None:
    assert not await hasher.verify(stored, "password")


async def test_default_parameters_are_owasps_minimum() -> None:
    stored = await Argon2PasswordHasher().hash("correct horse")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


async def test_unicode_passwords(hasher: Argon2PasswordHasher) -> None:
    stored = await hasher.hash("пароль-密码-🔑")
    assert await hasher.verify(stored, "пароль-密码-🔑")
