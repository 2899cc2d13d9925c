import pytest

from application.errors import StoreConflict
from application.ports.unit_of_work import UnitOfWork
from domain.members import Ban
from domain.permissions import Override
from tests.contract.builders import BIG, T0, guild, invite, member, role, text_channel


async def test_added_guild_reads_back_whole(uow: UnitOfWork) -> None:
    stored = guild(BIG, owner_id=BIG + 1)
    stored.icon = BIG + 2
    stored.public = True
    stored.system_channel_id = BIG + 3
    async with uow.write() as tx:
        await tx.guilds.add(stored)
    async with uow.read() as tx:
        assert await tx.guilds.get(BIG) == stored
        assert await tx.guilds.get(1) is None


async def test_duplicate_id_conflicts(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.guilds.add(guild(1))
        with pytest.raises(StoreConflict):
            await tx.guilds.add(guild(1, name="again"))
    async with uow.read() as tx:
        assert await tx.guilds.get(1) == guild(1)


async def test_update_stores_settings_not_owner(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        await tx.guilds.add(guild(1, owner_id=5))
    changed = guild(1, owner_id=6, name="renamed")
    changed.icon = 9
    changed.public = True
    changed.permissions = 123
    changed.system_channel_id = 77
    changed.created_at_ms = T0 + 1
    async with uow.write() as tx:
        await tx.guilds.update(changed)
    async with uow.read() as tx:
        stored = await tx.guilds.get(1)
    assert stored is not None
    assert (stored.name, stored.icon, stored.public, stored.permissions) == (
        "renamed",
        9,
        True,
        123,
    )
    assert stored.system_channel_id == 77
    assert (stored.owner_id, stored.created_at_ms) == (5, T0)


async def test_guilds_of_a_user_by_id(uow: UnitOfWork) -> None:
    async with uow.write() as tx:
        for guild_id in (30, 10, 20):
            await tx.guilds.add(guild(guild_id))
        await tx.members.add(member(30, 1))
        await tx.members.add(member(10, 1))
        await tx.members.add(member(20, 2))
    async with uow.read() as tx:
        assert [g.id for g in await tx.guilds.list_for_user(1)] == [10, 30]
        assert await tx.guilds.list_for_user(3) == []


async def _populate(uow: UnitOfWork, guild_id: int, offset: int) -> None:
    """A guild with a channel, role, member with the role, override, invite and ban."""
    async with uow.write() as tx:
        await tx.guilds.add(guild(guild_id))
        await tx.channels.add(text_channel(offset + 1, guild_id))
        await tx.roles.add(role(offset + 2, guild_id))
        await tx.members.add(member(guild_id, offset + 3, role_ids=[offset + 2]))
        await tx.overrides.put(offset + 1, offset + 2, Override(accept=1, deny=2))
        await tx.invites.add(invite(offset + 4, guild_id))
        await tx.bans.add(Ban(guild_id=guild_id, user_id=offset + 5, reason="spam"))


async def test_delete_removes_everything_of_the_guild_only(uow: UnitOfWork) -> None:
    await _populate(uow, 1, 100)
    await _populate(uow, 2, 200)
    async with uow.write() as tx:
        await tx.guilds.delete(1)
    async with uow.read() as tx:
        assert await tx.guilds.get(1) is None
        assert await tx.channels.get(101) is None
        assert await tx.channels.list_by_guild(1) == []
        assert await tx.roles.get(102) is None
        assert await tx.members.get(1, 103) is None
        assert await tx.members.count(1) == 0
        assert await tx.overrides.list_for_channel(101) == {}
        assert await tx.invites.get_by_code(invite(104, 1).code, T0) is None
        assert await tx.bans.list_by_guild(1) == []
        assert await tx.guilds.list_for_user(103) == []
        # The other guild is untouched.
        assert await tx.guilds.get(2) is not None
        assert await tx.channels.get(201) is not None
        assert await tx.roles.get(202) is not None
        kept = await tx.members.get(2, 203)
        assert kept is not None
        assert kept.role_ids == [202]
        assert await tx.overrides.list_for_channel(201) == {202: Override(accept=1, deny=2)}
        assert await tx.invites.get_by_code(invite(204, 2).code, T0) is not None
        assert await tx.bans.banned_among(2, [205]) == {205}


async def test_deleted_guild_leaves_no_stale_assignments(uow: UnitOfWork) -> None:
    """Re-joining a guild id that was reused must not resurrect old role assignments."""
    await _populate(uow, 1, 100)
    async with uow.write() as tx:
        await tx.guilds.delete(1)
        await tx.guilds.add(guild(1))
        await tx.members.add(member(1, 103))
    async with uow.read() as tx:
        rejoined = await tx.members.get(1, 103)
    assert rejoined is not None
    assert rejoined.role_ids == []
