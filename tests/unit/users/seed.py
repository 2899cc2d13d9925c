"""Rows the user, DM, friend and settings tests start from, written through the memory uow."""

from domain.channels import Channel, ChannelType
from domain.guilds import Guild
from domain.members import Member
from domain.roles import Role
from domain.users import User
from tests.unit.fakes import Fakes

ALICE, BOB, CAROL, DAVE = 11, 22, 33, 44
NAMES = {ALICE: "alice", BOB: "bob", CAROL: "carol", DAVE: "dave"}


async def add_user(fakes: Fakes, user_id: int, *, avatar: int | None = None) -> User:
    name = NAMES.get(user_id, f"user{user_id}")
    user = User(id=user_id, name=name.title(), discriminator=name, avatar=avatar)
    async with fakes.uow.write() as tx:
        await tx.users.add(user)
    return user


async def add_users(fakes: Fakes, *user_ids: int) -> None:
    for user_id in user_ids:
        await add_user(fakes, user_id)


async def add_guild(
    fakes: Fakes, guild_id: int, owner_id: int, *members: int, name: str = "guild"
) -> Guild:
    guild = Guild(id=guild_id, name=name, owner_id=owner_id)
    async with fakes.uow.write() as tx:
        await tx.guilds.add(guild)
        for user_id in (owner_id, *members):
            await tx.members.add(Member(guild_id=guild_id, user_id=user_id, joined_at_ms=1000))
    return guild


async def add_role(fakes: Fakes, role_id: int, guild_id: int, *holders: int) -> None:
    async with fakes.uow.write() as tx:
        await tx.roles.add(Role(id=role_id, guild_id=guild_id, name="role", permissions=0))
        for user_id in holders:
            await tx.members.add_role(guild_id, user_id, role_id)


async def add_channel(
    fakes: Fakes,
    channel_id: int,
    *,
    guild_id: int | None = None,
    kind: ChannelType = ChannelType.GUILD_TEXT,
    last_message_id: int = 0,
    participants: tuple[int, ...] = (),
) -> Channel:
    channel = Channel(
        id=channel_id, type=kind, name="" if guild_id is None else "chan", guild_id=guild_id
    )
    async with fakes.uow.write() as tx:
        await tx.channels.add(channel)
        if last_message_id:
            await tx.channels.set_last_message([channel_id], last_message_id)
        if participants:
            await tx.dms.add_participants(channel_id, list(participants))
    channel.last_message_id = last_message_id
    return channel
