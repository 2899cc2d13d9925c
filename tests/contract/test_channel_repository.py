import pytest

from application.errors import StoreConflict
from application.ports.unit_of_work import UnitOfWork
from domain.channels import Channel, ChannelType
from domain.permissions import Override
from tests.contract.builders import BIG, T0, dm_channel, text_channel


async def test_guild_channel_reads_back_whole(uow: UnitOfWork) -> None:
    stored = Channel(
        id=BIG,
        type=ChannelType.GUILD_VOICE,
        name="voice",
        guild_id=BIG + 1,
        parent_id=BIG + 2,
        position=4,
        topic="talk",
        permissions=1 << 40,
        private=True,
        last_message_id=BIG + 3,
        voice_region="eu",
        created_at_ms=T0,
    )
    async with uow.write() as tx:
        await tx.channels.add(stored)
    async with uow.read() as tx:
        assert await tx.channels.get(BIG) == stored
        assert await tx.channels.get(BIG + 9) is None


async def test_dm_channel_has_no_guild(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(5))
    async with uow.read() as tx:
        stored = await tx.channels.get(5)
    assert stored == dm_channel(5)
    assert stored is not None
    assert stored.guild_id is None


async def test_duplicate_id_conflicts(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(text_channel(1, 10))
        with pytest.raises(StoreConflict):
            await tx.channels.add(text_channel(1, 11))
    async with uow.read() as tx:
        assert await tx.channels.list_by_guild(11) == []


async def test_update_stores_the_named_fields(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(text_channel(1, 10, position=3))
    changed = Channel(
        id=1,
        type=ChannelType.GUILD_VOICE,
        name="renamed",
        guild_id=99,
        parent_id=7,
        position=8,
        topic="new topic",
        permissions=5,
        private=True,
        last_message_id=55,
        voice_region="us",
    )
    async with uow.write() as tx:
        await tx.channels.update(changed)
    async with uow.read() as tx:
        stored = await tx.channels.get(1)
    assert stored is not None
    assert (stored.name, stored.topic, stored.private, stored.permissions) == (
        "renamed",
        "new topic",
        True,
        5,
    )
    assert (stored.parent_id, stored.voice_region) == (7, "us")
    # Kind, guild, position and last message are not the update's business.
    assert (stored.type, stored.guild_id, stored.position, stored.last_message_id) == (
        ChannelType.GUILD_TEXT,
        10,
        3,
        0,
    )


async def test_list_by_guild_is_by_position_then_id(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(text_channel(3, 10, position=1))
        await tx.channels.add(text_channel(1, 10, position=2))
        await tx.channels.add(text_channel(2, 10, position=1))
        await tx.channels.add(text_channel(4, 11, position=0))
        await tx.channels.add(dm_channel(5))
    async with uow.read() as tx:
        assert [c.id for c in await tx.channels.list_by_guild(10)] == [2, 3, 1]
        assert [c.id for c in await tx.channels.list_by_guild(11)] == [4]


async def test_delete_removes_channel_and_its_overrides(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(text_channel(1, 10))
        await tx.channels.add(text_channel(2, 10))
        await tx.overrides.put(1, 100, Override(accept=1, deny=0))
        await tx.overrides.put(2, 100, Override(accept=2, deny=0))
    async with uow.write() as tx:
        await tx.channels.delete(1)
        await tx.channels.delete(404)
    async with uow.read() as tx:
        assert await tx.channels.get(1) is None
        assert [c.id for c in await tx.channels.list_by_guild(10)] == [2]
        assert await tx.overrides.list_for_channel(1) == {}
        assert await tx.overrides.list_for_channel(2) == {100: Override(accept=2, deny=0)}


async def test_delete_of_a_dm_drops_its_participants(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.channels.add(dm_channel(1))
        await tx.dms.add_participants(1, [7, 8])
        await tx.channels.delete(1)
    async with uow.read() as tx:
        assert await tx.dms.participants(1) == []
        assert await tx.dms.channels_of(7) == []


async def test_set_positions_moves_own_channels_only(uow: UnitOfWork) -> None:
    one, two, three, foreign = BIG + 1, BIG + 2, BIG + 3, BIG + 4
    async with uow.write() as tx:
        for position, channel_id in enumerate((one, two, three), start=1):
            await tx.channels.add(text_channel(channel_id, 10, position=position))
        await tx.channels.add(text_channel(foreign, 11, position=0))
    async with uow.write() as tx:
        moved = await tx.channels.set_positions(10, {three: 0, foreign: 9, one: 5, 404: 1})
        assert await tx.channels.set_positions(10, {}) == []
    assert moved == [three, one]
    async with uow.read() as tx:
        assert [(c.id, c.position) for c in await tx.channels.list_by_guild(10)] == [
            (three, 0),
            (two, 2),
            (one, 5),
        ]
        kept = await tx.channels.get(foreign)
    assert kept is not None
    assert kept.position == 0


async def test_set_last_message(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        for channel_id in (1, 2, 3):
            await tx.channels.add(text_channel(channel_id, 10))
        await tx.channels.set_last_message([1, 2, 404], BIG)
        await tx.channels.set_last_message([], BIG + 1)
    async with uow.read() as tx:
        last = {c.id: c.last_message_id for c in await tx.channels.list_by_guild(10)}
    assert last == {1: BIG, 2: BIG, 3: 0}


async def test_set_last_message_never_moves_backwards(uow: UnitOfWork) -> None:
    """Two sends finishing out of order leave the newer id."""
    async with uow.write() as tx:
        for channel_id in (1, 2):
            await tx.channels.add(text_channel(channel_id, 10))
        await tx.channels.set_last_message([1, 2], BIG + 5)
    async with uow.write() as tx:
        await tx.channels.set_last_message([1], BIG + 3)
        await tx.channels.set_last_message([2], BIG + 7)
    async with uow.read() as tx:
        first, second = await tx.channels.get(1), await tx.channels.get(2)
        listed = {c.id: c.last_message_id for c in await tx.channels.list_by_guild(10)}
    assert first is not None
    assert second is not None
    assert (first.last_message_id, second.last_message_id) == (BIG + 5, BIG + 7)
    assert listed == {1: BIG + 5, 2: BIG + 7}
