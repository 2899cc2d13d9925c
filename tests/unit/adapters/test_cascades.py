"""The memory tables' stand-ins for ON DELETE CASCADE (contract suites cover the rest)."""

from adapters.memory.unit_of_work import MemoryUnitOfWork
from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.invites import Invite
from domain.members import Ban, Member
from domain.permissions import Override
from domain.roles import Role

GUILD, OTHER = 1, 2
CHANNEL, OTHER_CHANNEL = 10, 20
ROLE, OTHER_ROLE = 100, 200
ALLOW = Override(accept=1, deny=0)


async def seeded() -> MemoryUnitOfWork:
    uow = MemoryUnitOfWork()
    async with uow.write() as tx:
        for guild_id, channel_id, role_id in (
            (GUILD, CHANNEL, ROLE),
            (OTHER, OTHER_CHANNEL, OTHER_ROLE),
        ):
            await tx.guilds.add(Guild(id=guild_id, name="guild", owner_id=5))
            await tx.channels.add(
                Channel(id=channel_id, type=ChannelType.GUILD_TEXT, guild_id=guild_id)
            )
            await tx.roles.add(Role(id=role_id, guild_id=guild_id, name="role"))
            await tx.members.add(Member(guild_id=guild_id, user_id=5))
            await tx.members.add_role(guild_id, 5, role_id)
            await tx.overrides.put(channel_id, role_id, ALLOW)
            await tx.invites.add(
                Invite(
                    id=guild_id * 1000,
                    code=f"CODE{guild_id:04d}",
                    guild_id=guild_id,
                    author_id=5,
                    created_at_ms=0,
                    expires_at_ms=10**15,
                )
            )
            await tx.bans.add(Ban(guild_id=guild_id, user_id=6))
    uow.db.user_overrides[CHANNEL, 5] = ALLOW
    return uow


async def test_guild_delete_removes_everything_of_that_guild_only() -> None:
    uow = await seeded()
    async with uow.write() as tx:
        await tx.guilds.delete(GUILD)
    db = uow.db
    assert set(db.guilds) == {OTHER}
    assert set(db.channels) == {OTHER_CHANNEL}
    assert set(db.roles) == {OTHER_ROLE}
    assert set(db.members) == {(OTHER, 5)}
    assert db.member_roles == {(OTHER, 5): {OTHER_ROLE}}
    assert set(db.role_overrides) == {(OTHER_CHANNEL, OTHER_ROLE)}
    assert db.user_overrides == {}
    assert set(db.invite_codes) == {"CODE0002"}
    assert [i.guild_id for i in db.invites.values()] == [OTHER]
    assert set(db.bans) == {(OTHER, 6)}


async def test_role_delete_removes_assignments_and_overrides() -> None:
    uow = await seeded()
    async with uow.write() as tx:
        await tx.roles.delete(ROLE)
        member = await tx.members.get(GUILD, 5)
        assert member is not None
        assert member.role_ids == []
        assert await tx.overrides.list_for_channel(CHANNEL) == {}
        assert await tx.overrides.list_for_channel(OTHER_CHANNEL) == {OTHER_ROLE: ALLOW}


async def test_channel_delete_removes_its_overrides() -> None:
    uow = await seeded()
    async with uow.write() as tx:
        await tx.channels.delete(CHANNEL)
        assert await tx.overrides.list_for_channel(CHANNEL) == {}
        assert await tx.overrides.get_user_override(CHANNEL, 5) is None
        assert await tx.roles.get(ROLE) is not None


async def test_member_remove_drops_role_assignments() -> None:
    uow = await seeded()
    async with uow.write() as tx:
        await tx.members.remove(GUILD, 5)
        assert await tx.members.add(Member(guild_id=GUILD, user_id=5))
        member = await tx.members.get(GUILD, 5)
        assert member is not None
        assert member.role_ids == []
