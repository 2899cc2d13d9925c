import pytest

from application.errors import NotFound
from application.use_cases.friends.list_friends import ListFriends, ListFriendsHandler
from application.use_cases.friends.remove_friend import RemoveFriend, RemoveFriendHandler
from domain.errors import DomainError
from tests.unit.fakes import Fakes
from tests.unit.users.seed import ALICE, BOB, CAROL, DAVE, add_users


async def befriend(fakes: Fakes, *pairs: tuple[int, int]) -> None:
    async with fakes.uow.write() as tx:
        for first, second in pairs:
            await tx.friends.befriend(first, second, 1)


async def test_friends_are_listed_as_users_by_id(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL, DAVE)
    await befriend(fakes, (DAVE, ALICE), (ALICE, BOB), (BOB, CAROL))

    friends = await ListFriendsHandler(uow=fakes.uow)(ListFriends(actor_id=ALICE))

    assert [(user.id, user.name, user.discriminator) for user in friends] == [
        (BOB, "Bob", "bob"),
        (DAVE, "Dave", "dave"),
    ]


async def test_friends_whose_user_is_gone_are_left_out(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)
    await befriend(fakes, (ALICE, 999))

    assert await ListFriendsHandler(uow=fakes.uow)(ListFriends(actor_id=ALICE)) == []


def remove(fakes: Fakes) -> RemoveFriendHandler:
    return RemoveFriendHandler(uow=fakes.uow, events=fakes.events)


async def test_unfriending_ends_it_for_both_and_tells_both(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL)
    await befriend(fakes, (ALICE, BOB), (ALICE, CAROL))

    await remove(fakes)(RemoveFriend(actor_id=BOB, friend_id=ALICE))

    assert set(fakes.uow.db.friendships) == {(ALICE, CAROL)}
    assert fakes.events.subjects() == [f"user.{BOB}", f"user.{ALICE}"]
    assert fakes.events.frames(f"user.{BOB}") == [
        {
            "op": 0,
            "t": 404,
            "d": {"friend": {"id": ALICE, "name": "Alice", "discriminator": "alice"}},
        }
    ]
    assert fakes.events.frames(f"user.{ALICE}") == [
        {"op": 0, "t": 404, "d": {"friend": {"id": BOB, "name": "Bob", "discriminator": "bob"}}}
    ]


async def test_unfriending_a_stranger_is_a_quiet_no_op(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)

    await remove(fakes)(RemoveFriend(actor_id=ALICE, friend_id=BOB))

    assert fakes.events.published == []


async def test_unfriending_an_unknown_user_is_404(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)
    await befriend(fakes, (ALICE, 999))

    with pytest.raises(NotFound, match=r"^unable to get user$"):
        await remove(fakes)(RemoveFriend(actor_id=ALICE, friend_id=999))

    assert set(fakes.uow.db.friendships) == {(ALICE, 999)}
    assert fakes.events.published == []


async def test_unfriending_yourself_is_400(fakes: Fakes) -> None:
    with pytest.raises(DomainError, match=r"^unable to perform this action on yourself$"):
        await remove(fakes)(RemoveFriend(actor_id=ALICE, friend_id=ALICE))
