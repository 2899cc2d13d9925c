import pytest

from application.errors import NotFound
from application.use_cases.dms.list_dm_channels import ListDmChannels, ListDmChannelsHandler
from application.use_cases.dms.open_dm import OpenDm, OpenDmHandler
from domain.channels import ChannelType
from domain.errors import DomainError, ValidationError
from tests.unit.fakes import Fakes
from tests.unit.users.seed import ALICE, BOB, CAROL, add_channel, add_guild, add_users


def open_dm(fakes: Fakes) -> OpenDmHandler:
    return OpenDmHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)


async def test_a_first_dm_creates_a_type_3_channel_with_both_participants(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)

    channel = await open_dm(fakes)(OpenDm(actor_id=ALICE, recipient_id=BOB))

    assert (channel.type, channel.name, channel.participant_id) == (3, "", BOB)
    assert (channel.guild_id, channel.private, channel.last_message_id) == (None, False, 0)
    assert channel.created_at == "2023-11-14T22:13:20Z"
    stored = fakes.uow.db.channels[channel.id]
    assert (stored.type, stored.guild_id) == (ChannelType.DM, None)
    assert fakes.uow.db.dm_participants[channel.id] == {ALICE, BOB}
    assert fakes.events.published == []


async def test_the_existing_dm_is_returned_from_either_side(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    first = await open_dm(fakes)(OpenDm(actor_id=ALICE, recipient_id=BOB))
    async with fakes.uow.write() as tx:
        await tx.channels.set_last_message([first.id], 777)

    again = await open_dm(fakes)(OpenDm(actor_id=ALICE, recipient_id=BOB))
    reverse = await open_dm(fakes)(OpenDm(actor_id=BOB, recipient_id=ALICE))

    assert again.id == reverse.id == first.id
    assert (again.participant_id, reverse.participant_id) == (BOB, ALICE)
    assert again.last_message_id == 777
    assert len(fakes.uow.db.channels) == 1


async def test_a_group_holding_the_pair_is_not_their_dm(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await add_channel(fakes, 500, kind=ChannelType.GROUP_DM, participants=(ALICE, BOB))

    channel = await open_dm(fakes)(OpenDm(actor_id=ALICE, recipient_id=BOB))

    assert channel.id != 500
    assert channel.type == 3


async def test_an_unknown_recipient_is_404_and_creates_nothing(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)

    with pytest.raises(NotFound, match=r"^recipient user not found$"):
        await open_dm(fakes)(OpenDm(actor_id=ALICE, recipient_id=BOB))

    assert fakes.uow.db.channels == {}
    assert fakes.uow.db.dm_participants == {}


async def test_a_dm_with_yourself_is_400(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)

    with pytest.raises(DomainError, match=r"^unable to perform this action on yourself$"):
        await open_dm(fakes)(OpenDm(actor_id=ALICE, recipient_id=ALICE))

    assert fakes.uow.db.channels == {}


@pytest.mark.parametrize(
    ("recipient", "text"),
    [
        (0, "recipient_id: recipient ID is required."),
        (-5, "recipient_id: recipient ID must be positive."),
    ],
)
async def test_recipient_ids_must_be_positive(fakes: Fakes, recipient: int, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        await open_dm(fakes)(OpenDm(actor_id=ALICE, recipient_id=recipient))

    assert caught.value.message == text


async def test_listing_shows_dms_with_the_other_user_and_groups(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB, CAROL)
    await add_guild(fakes, 100, ALICE)
    await add_channel(fakes, 300, kind=ChannelType.GROUP_DM, participants=(ALICE, BOB, CAROL))
    await add_channel(fakes, 200, kind=ChannelType.DM, participants=(CAROL, ALICE))
    await add_channel(fakes, 250, kind=ChannelType.DM, participants=(BOB, CAROL))
    await add_channel(
        fakes, 400, kind=ChannelType.DM, last_message_id=999, participants=(ALICE, BOB)
    )
    await add_channel(fakes, 150, guild_id=100)

    channels = await ListDmChannelsHandler(uow=fakes.uow)(ListDmChannels(actor_id=ALICE))

    assert [(c.id, c.type, c.participant_id, c.last_message_id) for c in channels] == [
        (200, 3, CAROL, 0),
        (300, 4, None, 0),
        (400, 3, BOB, 999),
    ]


async def test_listing_skips_vanished_channels_and_lone_dm_participants(fakes: Fakes) -> None:
    await add_users(fakes, ALICE)
    await add_channel(fakes, 200, kind=ChannelType.DM, participants=(ALICE,))
    async with fakes.uow.write() as tx:
        await tx.dms.add_participants(999, [ALICE])  # participant rows whose channel is gone
    fakes.uow.db.channels.pop(999, None)
    await add_channel(fakes, 150, guild_id=None, kind=ChannelType.GUILD_TEXT, participants=(ALICE,))

    channels = await ListDmChannelsHandler(uow=fakes.uow)(ListDmChannels(actor_id=ALICE))

    assert [(c.id, c.participant_id) for c in channels] == [(200, None)]


async def test_listing_nothing_is_empty(fakes: Fakes) -> None:
    assert await ListDmChannelsHandler(uow=fakes.uow)(ListDmChannels(actor_id=ALICE)) == []
