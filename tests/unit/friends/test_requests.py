import pytest

from application.errors import NotFound
from application.use_cases.friends.accept_friend_request import (
    AcceptFriendRequest,
    AcceptFriendRequestHandler,
)
from application.use_cases.friends.decline_friend_request import (
    DeclineFriendRequest,
    DeclineFriendRequestHandler,
)
from application.use_cases.friends.list_friend_requests import (
    ListFriendRequests,
    ListFriendRequestsHandler,
)
from application.use_cases.friends.send_friend_request import (
    SendFriendRequest,
    SendFriendRequestHandler,
)
from domain.errors import DomainError, ValidationError
from tests.unit.fakes import Fakes
from tests.unit.users.seed import ALICE, BOB, CAROL, DAVE, add_user, add_users


def send(fakes: Fakes) -> SendFriendRequestHandler:
    return SendFriendRequestHandler(uow=fakes.uow, events=fakes.events, clock=fakes.clock)


def accept(fakes: Fakes) -> AcceptFriendRequestHandler:
    return AcceptFriendRequestHandler(uow=fakes.uow, events=fakes.events, clock=fakes.clock)


def brief(user_id: int, name: str, avatar: int | None = None) -> dict[str, object]:
    shown: dict[str, object] = {"id": user_id, "name": name.title(), "discriminator": name}
    if avatar is not None:
        shown["avatar"] = avatar
    return shown


async def test_a_request_is_stored_and_the_target_is_told(fakes: Fakes) -> None:
    await add_user(fakes, ALICE, avatar=55)
    await add_user(fakes, BOB)

    await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="bob"))

    assert list(fakes.uow.db.friend_requests) == [(ALICE, BOB)]
    assert fakes.uow.db.friendships == {}
    assert fakes.events.subjects() == [f"user.{BOB}"]
    assert fakes.events.frames() == [{"op": 0, "t": 402, "d": {"from": brief(ALICE, "alice", 55)}}]


async def test_asking_twice_or_asking_a_friend_changes_nothing(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL)
    async with fakes.uow.write() as tx:
        await tx.friends.befriend(ALICE, CAROL, 1)
    await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="bob"))
    fakes.events.clear()

    await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="bob"))
    await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="carol"))

    assert list(fakes.uow.db.friend_requests) == [(ALICE, BOB)]
    assert fakes.events.published == []


async def test_asking_someone_who_asked_you_makes_you_friends(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await send(fakes)(SendFriendRequest(actor_id=BOB, discriminator="alice"))
    fakes.events.clear()

    await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="bob"))

    assert fakes.uow.db.friend_requests == {}
    assert fakes.uow.db.friendships == {(ALICE, BOB): fakes.clock.now_ms()}
    assert fakes.events.frames(f"user.{ALICE}") == [
        {"op": 0, "t": 403, "d": {"friend": brief(BOB, "bob")}}
    ]
    assert fakes.events.frames(f"user.{BOB}") == [
        {"op": 0, "t": 403, "d": {"friend": brief(ALICE, "alice")}}
    ]


async def test_many_people_may_ask_the_same_user(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL, DAVE)
    for sender in (CAROL, ALICE, DAVE):
        await send(fakes)(SendFriendRequest(actor_id=sender, discriminator="bob"))

    senders = await ListFriendRequestsHandler(uow=fakes.uow)(ListFriendRequests(actor_id=BOB))

    assert [user.id for user in senders] == [CAROL, ALICE, DAVE]
    assert senders[0].discriminator == "carol"


async def test_requests_from_vanished_users_are_left_out(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)
    async with fakes.uow.write() as tx:
        await tx.friends.add_request(999, ALICE)

    assert await ListFriendRequestsHandler(uow=fakes.uow)(ListFriendRequests(actor_id=ALICE)) == []


async def test_unknown_discriminators_are_404(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)

    with pytest.raises(NotFound, match=r"^unable to get user discriminator$"):
        await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="nobody"))

    assert fakes.uow.db.friend_requests == {}
    assert fakes.events.published == []


async def test_an_empty_discriminator_is_400(fakes: Fakes) -> None:
    with pytest.raises(ValidationError, match=r"^discriminator: discriminator is required\.$"):
        await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator=""))


async def test_asking_yourself_is_400(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)

    with pytest.raises(DomainError, match=r"^unable to perform this action on yourself$"):
        await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="alice"))

    assert fakes.uow.db.friend_requests == {}


async def test_a_caller_without_a_user_row_cannot_ask(fakes: Fakes) -> None:
    await add_users(fakes, BOB)

    with pytest.raises(NotFound, match=r"^unable to get user$"):
        await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="bob"))

    assert fakes.uow.db.friend_requests == {}
    assert fakes.events.published == []


async def test_accepting_befriends_and_tells_both(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await send(fakes)(SendFriendRequest(actor_id=BOB, discriminator="alice"))
    fakes.events.clear()
    fakes.clock.advance(5)

    await accept(fakes)(AcceptFriendRequest(actor_id=ALICE, sender_id=BOB))

    assert fakes.uow.db.friend_requests == {}
    assert fakes.uow.db.friendships == {(ALICE, BOB): fakes.clock.now_ms()}
    assert fakes.events.subjects() == [f"user.{ALICE}", f"user.{BOB}"]
    assert fakes.events.frames(f"user.{ALICE}")[0]["d"] == {"friend": brief(BOB, "bob")}
    assert fakes.events.frames(f"user.{BOB}")[0] == {
        "op": 0,
        "t": 403,
        "d": {"friend": brief(ALICE, "alice")},
    }


async def test_accepting_without_a_request_is_404(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await send(fakes)(SendFriendRequest(actor_id=ALICE, discriminator="bob"))
    fakes.events.clear()

    with pytest.raises(NotFound, match=r"^friend request not found$"):
        await accept(fakes)(AcceptFriendRequest(actor_id=ALICE, sender_id=BOB))

    assert list(fakes.uow.db.friend_requests) == [(ALICE, BOB)]
    assert fakes.uow.db.friendships == {}
    assert fakes.events.published == []


async def test_accepting_a_request_from_a_vanished_user_is_404_and_keeps_it(
    fakes: Fakes,
) -> None:
    await add_users(fakes, ALICE)
    async with fakes.uow.write() as tx:
        await tx.friends.add_request(999, ALICE)

    with pytest.raises(NotFound, match=r"^unable to get user$"):
        await accept(fakes)(AcceptFriendRequest(actor_id=ALICE, sender_id=999))

    assert list(fakes.uow.db.friend_requests) == [(999, ALICE)]
    assert fakes.uow.db.friendships == {}


async def test_accepting_yourself_is_400(fakes: Fakes) -> None:
    with pytest.raises(DomainError, match=r"^unable to perform this action on yourself$"):
        await accept(fakes)(AcceptFriendRequest(actor_id=ALICE, sender_id=ALICE))


async def test_declining_drops_the_request_quietly(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL)
    await send(fakes)(SendFriendRequest(actor_id=BOB, discriminator="alice"))
    await send(fakes)(SendFriendRequest(actor_id=CAROL, discriminator="alice"))
    fakes.events.clear()
    decline = DeclineFriendRequestHandler(uow=fakes.uow)

    await decline(DeclineFriendRequest(actor_id=ALICE, sender_id=BOB))
    await decline(DeclineFriendRequest(actor_id=ALICE, sender_id=BOB))

    assert list(fakes.uow.db.friend_requests) == [(CAROL, ALICE)]
    assert fakes.uow.db.friendships == {}
    assert fakes.events.published == []
