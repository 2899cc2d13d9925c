import pytest

from application.errors import Invalid, NotFound
from application.use_cases.users.get_user import GetUser, GetUserHandler, parse_user_ref
from application.use_cases.users.modify_me import ModifyMe, ModifyMeHandler
from domain.errors import ValidationError
from tests.unit.fakes import Fakes
from tests.unit.users.seed import ALICE, BOB, add_user, add_users


async def test_me_is_the_caller_and_ids_name_anyone(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    get_user = GetUserHandler(uow=fakes.uow)

    me = await get_user(GetUser(actor_id=ALICE, user_ref="me"))
    other = await get_user(GetUser(actor_id=ALICE, user_ref=str(BOB)))

    assert (me.id, me.name, me.discriminator, me.avatar) == (ALICE, "Alice", "alice", None)
    assert (other.id, other.discriminator) == (BOB, "bob")


@pytest.mark.parametrize(
    ("ref", "expected"), [("me", ALICE), ("42", 42), ("+42", 42), ("-7", -7), ("007", 7)]
)
def test_user_refs_parse_like_go(ref: str, expected: int) -> None:
    assert parse_user_ref(ref, ALICE) == expected


@pytest.mark.parametrize("ref", ["abc", "12a", "", "Me", "1.5", "9223372036854775808"])
async def test_malformed_user_ids_are_400(fakes: Fakes, ref: str) -> None:
    with pytest.raises(Invalid, match=r"^invalid user ID format$"):
        await GetUserHandler(uow=fakes.uow)(GetUser(actor_id=ALICE, user_ref=ref))


async def test_unknown_users_are_404(fakes: Fakes) -> None:
    with pytest.raises(NotFound, match=r"^unable to get user$"):
        await GetUserHandler(uow=fakes.uow)(GetUser(actor_id=ALICE, user_ref="999"))


def modify(fakes: Fakes) -> ModifyMeHandler:
    return ModifyMeHandler(uow=fakes.uow, events=fakes.events)


async def test_renaming_stores_the_name_and_announces_the_user(fakes: Fakes) -> None:
    await add_user(fakes, ALICE)

    await modify(fakes)(ModifyMe(actor_id=ALICE, name="Alicia"))

    assert fakes.uow.db.users[ALICE].name == "Alicia"
    assert fakes.uow.db.users[ALICE].discriminator == "alice"
    assert fakes.events.subjects() == [f"user.{ALICE}"]
    assert fakes.events.frames() == [
        {
            "op": 0,
            "t": 406,
            "d": {"user": {"id": ALICE, "name": "Alicia", "discriminator": "alice"}},
        }
    ]


async def test_the_current_avatar_is_accepted_and_still_announced(fakes: Fakes) -> None:
    await add_user(fakes, ALICE, avatar=500)

    await modify(fakes)(ModifyMe(actor_id=ALICE, avatar=500))

    assert fakes.uow.db.users[ALICE].avatar == 500
    assert [frame["t"] for frame in fakes.events.frames(f"user.{ALICE}")] == [406]


async def test_an_avatar_that_cannot_be_verified_is_refused_and_nothing_changes(
    fakes: Fakes,
) -> None:
    await add_user(fakes, ALICE, avatar=500)

    with pytest.raises(Invalid, match=r"^unknown avatar$"):
        await modify(fakes)(ModifyMe(actor_id=ALICE, name="Alicia", avatar=501))

    assert (fakes.uow.db.users[ALICE].name, fakes.uow.db.users[ALICE].avatar) == ("Alice", 500)
    assert fakes.events.published == []


async def test_a_patch_without_fields_is_400(fakes: Fakes) -> None:
    await add_user(fakes, ALICE)

    with pytest.raises(Invalid, match=r"^at least one field must be provided for update$"):
        await modify(fakes)(ModifyMe(actor_id=ALICE))

    assert fakes.events.published == []


@pytest.mark.parametrize(
    ("name", "avatar", "text"),
    [
        ("Bob", None, "name: name must be at least 4 characters."),
        ("x" * 21, None, "name: name must be no more than 20 characters."),
        (None, 0, "avatar: avatar ID must be positive."),
        (
            "Bob",
            -1,
            "avatar: avatar ID must be positive; name: name must be at least 4 characters.",
        ),
    ],
)
async def test_field_rules_are_reported_together(
    fakes: Fakes, name: str | None, avatar: int | None, text: str
) -> None:
    await add_user(fakes, ALICE)

    with pytest.raises(ValidationError) as caught:
        await modify(fakes)(ModifyMe(actor_id=ALICE, name=name, avatar=avatar))

    assert caught.value.message == text
    assert fakes.uow.db.users[ALICE].name == "Alice"
    assert fakes.events.published == []


async def test_a_name_of_four_runes_fits(fakes: Fakes) -> None:
    await add_user(fakes, ALICE)

    await modify(fakes)(ModifyMe(actor_id=ALICE, name="ÄÖÜß"))

    assert fakes.uow.db.users[ALICE].name == "ÄÖÜß"


async def test_a_caller_without_a_user_row_is_404(fakes: Fakes) -> None:
    with pytest.raises(NotFound, match=r"^unable to get user$"):
        await modify(fakes)(ModifyMe(actor_id=ALICE, name="Alicia"))

    assert fakes.events.published == []
