import pytest
from typing_extensions import override

from adapters.memory.password_hasher import MemoryPasswordHasher
from adapters.memory.state import MemoryDatabase
from adapters.memory.user_repository import MemoryUserRepository
from application.errors import Conflict, Invalid, NotFound, StoreConflict, Unauthorized
from application.use_cases.auth.confirm import Confirm, ConfirmHandler
from application.use_cases.auth.register import Register
from domain.users import User
from tests.unit.auth.flows import PASSWORD, confirm_handler, link_parts, register_handler
from tests.unit.fakes import Fakes

EMAIL = "carol@example.com"


async def pending(fakes: Fakes) -> tuple[int, str]:
    await register_handler(fakes)(Register(email=EMAIL))
    return link_parts(fakes.mailer.sent[-1])


def confirmation(user_id: int, token: str, changes: dict[str, object] | None = None) -> Confirm:
    fields: dict[str, object] = {
        "id": user_id,
        "token": token,
        "name": "Carol",
        "discriminator": "carol",
        "password": PASSWORD,
    }
    fields.update(changes or {})
    return Confirm(**fields)  # type: ignore[arg-type]


async def test_confirmation_creates_user_and_credential_and_drops_the_registration(
    fakes: Fakes,
) -> None:
    user_id, token = await pending(fakes)

    await confirm_handler(fakes)(confirmation(user_id, token))

    db = fakes.uow.db
    assert db.registrations == {}
    user = db.users[user_id]
    assert (user.name, user.discriminator, user.blocked) == ("Carol", "carol", False)
    assert user.created_at_ms == fakes.clock.now_ms()
    credential = db.credentials[user_id]
    assert credential.email == EMAIL
    assert credential.password_hash != PASSWORD
    assert await fakes.hasher.verify(credential.password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"name": "Bob"}, "name: name must be at least 4 characters."),
        ({"name": "x" * 21}, "name: name must be no more than 20 characters."),
        ({"name": "ÄÖÜß"}, None),  # four runes, eight bytes: fine
        ({"discriminator": "abc"}, "discriminator: discriminator must be at least 4 characters."),
        (
            {"discriminator": "Carol"},
            "discriminator: discriminator must contain only a-z, 0-9, '.', '_' or '-'.",
        ),
        ({"password": "short"}, "password: password must be at least 8 characters."),
        ({"password": "p" * 51}, "password: password must be no more than 50 characters."),
        ({"password": "ü" * 50}, None),  # 50 runes
        ({"token": "abc"}, "token: token must be exactly 40 characters."),
        ({"token": ""}, "token: token is required."),
        ({"id": 0}, "id: id must be a positive number."),
        (
            {"name": "Bob", "password": "short"},
            "name: name must be at least 4 characters; "
            "password: password must be at least 8 characters.",
        ),
    ],
)
async def test_field_rules(fakes: Fakes, changes: dict[str, object], text: str | None) -> None:
    user_id, token = await pending(fakes)
    command = confirmation(user_id, token, changes)

    if text is None:
        await confirm_handler(fakes)(command)
        assert user_id in fakes.uow.db.users
        return
    with pytest.raises(Invalid) as caught:
        await confirm_handler(fakes)(command)
    assert caught.value.message == text
    assert fakes.uow.db.users == {}


async def test_unknown_registration_is_not_found(fakes: Fakes) -> None:
    with pytest.raises(NotFound) as caught:
        await confirm_handler(fakes)(confirmation(12345, "t" * 40))
    assert caught.value.message == "unable to get registration by id"


async def test_registration_older_than_seven_days_is_not_found(fakes: Fakes) -> None:
    user_id, token = await pending(fakes)
    fakes.clock.advance(7 * 24 * 3600 * 1000 + 1)

    with pytest.raises(NotFound) as caught:
        await confirm_handler(fakes)(confirmation(user_id, token))

    assert caught.value.message == "unable to get registration by id"
    assert fakes.uow.db.users == {}


async def test_wrong_token_is_unauthorized(fakes: Fakes) -> None:
    user_id, token = await pending(fakes)
    wrong = ("A" if token[0] != "A" else "B") + token[1:]

    with pytest.raises(Unauthorized) as caught:
        await confirm_handler(fakes)(confirmation(user_id, wrong))

    assert caught.value.message == "token is incorrect"
    assert user_id in fakes.uow.db.registrations


async def test_non_ascii_token_is_just_incorrect(fakes: Fakes) -> None:
    user_id, _ = await pending(fakes)
    with pytest.raises(Unauthorized):
        await confirm_handler(fakes)(confirmation(user_id, "é" * 40))


async def test_taken_discriminator_conflicts(fakes: Fakes) -> None:
    fakes.uow.db.users[1] = User(id=1, name="Other", discriminator="carol")
    fakes.uow.db.discriminators["carol"] = 1
    user_id, token = await pending(fakes)

    with pytest.raises(Conflict) as caught:
        await confirm_handler(fakes)(confirmation(user_id, token))

    assert caught.value.message == "discriminator is not unique"
    assert user_id in fakes.uow.db.registrations
    assert user_id not in fakes.uow.db.credentials


async def test_a_registration_confirms_only_once(fakes: Fakes) -> None:
    user_id, token = await pending(fakes)
    await confirm_handler(fakes)(confirmation(user_id, token))

    with pytest.raises(NotFound):
        await confirm_handler(fakes)(confirmation(user_id, token, {"discriminator": "carol2"}))


class RivalSignsUpWhileHashing(MemoryPasswordHasher):
    """Hashing is slow; meanwhile someone else takes the discriminator."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def hash(self, password: str) -> str:
        self._db.users[1] = User(id=1, name="Rival", discriminator="carol")
        self._db.discriminators["carol"] = 1
        return await super().hash(password)


async def test_discriminator_taken_between_check_and_write_conflicts(fakes: Fakes) -> None:
    """The write repeats the checks, so the rival keeps the handle and nothing is half-made."""
    user_id, token = await pending(fakes)
    handler = ConfirmHandler(
        uow=fakes.uow, hasher=RivalSignsUpWhileHashing(fakes.uow.db), clock=fakes.clock
    )

    with pytest.raises(Conflict) as caught:
        await handler(confirmation(user_id, token))

    assert caught.value.message == "discriminator is not unique"
    assert user_id not in fakes.uow.db.users
    assert user_id in fakes.uow.db.registrations


class StoreRefusesDiscriminator(MemoryUserRepository):
    """A store whose unique index fires although the pre-check saw the handle free."""

    @override
    async def add(self, user: User) -> None:
        raise StoreConflict("discriminator already taken")


async def test_store_conflict_on_insert_is_reported_as_not_unique(fakes: Fakes) -> None:
    user_id, token = await pending(fakes)
    fakes.uow._tx.users = StoreRefusesDiscriminator(fakes.uow.db)

    with pytest.raises(Conflict) as caught:
        await confirm_handler(fakes)(confirmation(user_id, token))

    assert caught.value.message == "discriminator is not unique"
    assert user_id in fakes.uow.db.registrations
