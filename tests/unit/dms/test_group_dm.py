import pytest

from application.errors import Forbidden, Invalid, NotFound
from application.use_cases.dms.create_group_dm import CreateGroupDm, CreateGroupDmHandler
from domain.channels import ChannelType
from domain.errors import ValidationError
from tests.unit.fakes import Fakes
from tests.unit.users.seed import ALICE, BOB, CAROL, DAVE, add_channel, add_users


def create_group(fakes: Fakes) -> CreateGroupDmHandler:
    return CreateGroupDmHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)


async def test_a_new_group_holds_the_creator_and_the_recipients(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL)

    channel = await create_group(fakes)(
        CreateGroupDm(actor_id=ALICE, recipient_ids=[CAROL, BOB, CAROL, ALICE])
    )

    assert (channel.type, channel.name, channel.participant_id, channel.guild_id) == (
        4,
        "",
        None,
        None,
    )
    assert fakes.uow.db.channels[channel.id].type is ChannelType.GROUP_DM
    assert fakes.uow.db.dm_participants[channel.id] == {ALICE, BOB, CAROL}
    assert fakes.events.published == []


async def test_recipients_join_a_group_the_caller_is_in(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL, DAVE)
    await add_channel(fakes, 500, kind=ChannelType.GROUP_DM, participants=(ALICE, BOB))

    channel = await create_group(fakes)(
        CreateGroupDm(actor_id=BOB, channel_id=500, recipient_ids=[CAROL, DAVE, ALICE])
    )

    assert (channel.id, channel.type) == (500, 4)
    assert fakes.uow.db.dm_participants[500] == {ALICE, BOB, CAROL, DAVE}


async def test_a_group_may_grow_to_eleven_but_not_twelve(fakes: Fakes) -> None:
    people = list(range(1000, 1012))
    await add_users(fakes, *people)
    await add_channel(fakes, 500, kind=ChannelType.GROUP_DM, participants=tuple(people[:6]))
    handler = create_group(fakes)

    await handler(CreateGroupDm(actor_id=people[0], channel_id=500, recipient_ids=people[6:11]))
    with pytest.raises(Invalid, match=r"^group DM cannot have more than 11 participants$"):
        await handler(CreateGroupDm(actor_id=people[0], channel_id=500, recipient_ids=people[11:]))

    assert fakes.uow.db.dm_participants[500] == set(people[:11])


async def test_unknown_recipients_are_404_and_nothing_is_made(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)

    with pytest.raises(NotFound, match=r"^recipient user not found$"):
        await create_group(fakes)(CreateGroupDm(actor_id=ALICE, recipient_ids=[BOB, CAROL]))

    assert fakes.uow.db.channels == {}
    assert fakes.uow.db.dm_participants == {}


async def test_adding_to_an_unknown_channel_is_404(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)

    with pytest.raises(NotFound, match=r"^unable to get channel$"):
        await create_group(fakes)(
            CreateGroupDm(actor_id=ALICE, channel_id=500, recipient_ids=[BOB])
        )


async def test_only_group_dms_can_be_added_to(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL)
    await add_channel(fakes, 500, kind=ChannelType.DM, participants=(ALICE, BOB))

    with pytest.raises(Invalid, match=r"^channel is not a group DM$"):
        await create_group(fakes)(
            CreateGroupDm(actor_id=ALICE, channel_id=500, recipient_ids=[CAROL])
        )

    assert fakes.uow.db.dm_participants[500] == {ALICE, BOB}


async def test_outsiders_cannot_add_people_to_a_group(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL, DAVE)
    await add_channel(fakes, 500, kind=ChannelType.GROUP_DM, participants=(ALICE, BOB))

    with pytest.raises(Forbidden, match=r"^not a participant in this group DM$"):
        await create_group(fakes)(
            CreateGroupDm(actor_id=CAROL, channel_id=500, recipient_ids=[DAVE])
        )

    assert fakes.uow.db.dm_participants[500] == {ALICE, BOB}


@pytest.mark.parametrize(
    ("channel_id", "recipients", "text"),
    [
        (None, [], "recipients_id: at least one recipient is required."),
        (None, [ALICE], "recipients_id: at least one recipient is required."),
        (None, list(range(1, 12)), "recipients_id: maximum 10 recipients allowed."),
        (None, [BOB, 0], "recipients_id: recipient IDs must be positive."),
        (
            0,
            [],
            "channel_id: channel ID must be positive; "
            "recipients_id: at least one recipient is required.",
        ),
    ],
)
async def test_request_rules(
    fakes: Fakes, channel_id: int | None, recipients: list[int], text: str
) -> None:
    await add_users(fakes, ALICE, BOB)

    with pytest.raises(ValidationError) as caught:
        await create_group(fakes)(
            CreateGroupDm(actor_id=ALICE, channel_id=channel_id, recipient_ids=recipients)
        )

    assert caught.value.message == text
    assert fakes.uow.db.channels == {}
