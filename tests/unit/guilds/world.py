"""A guild to test against: its owner, a plain member, a stranger, and helpers to seed more.

The guild is made by the real ``CreateGuildHandler`` (so it has GoChat's default layout: a
"text" category and a "general" text channel that is the system channel); everything else is
seeded straight through the memory unit of work.
"""

import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from application.errors import AppError
from application.use_cases.guilds.create_guild import CreateGuild, CreateGuildHandler
from domain.channels import Channel, ChannelType
from domain.errors import DomainError
from domain.members import Member
from domain.messages import Message
from domain.permissions import Override
from domain.roles import Role
from tests.unit.fakes import Fakes

OWNER = 1001
MEMBER = 1002
"""A member with no role: the guild's everyone mask only."""
GRANTED = 1003
"""A member whose role grants whatever the test gives it (see ``World.grant``)."""
STRANGER = 1004
"""Authenticated, but not a member of the guild."""


@dataclass
class World:
    fakes: Fakes
    guild_id: int
    category_id: int
    general_id: int

    async def add_member(self, user_id: int) -> None:
        async with self.fakes.uow.write() as tx:
            await tx.members.add(Member(guild_id=self.guild_id, user_id=user_id, joined_at_ms=1))

    async def add_role(self, permissions: int, *, name: str = "role") -> int:
        role_id = self.fakes.ids.next_id()
        async with self.fakes.uow.write() as tx:
            roles = await tx.roles.list_by_guild(self.guild_id)
            await tx.roles.add(
                Role(
                    id=role_id,
                    guild_id=self.guild_id,
                    name=name,
                    permissions=permissions,
                    position=len(roles),
                )
            )
        return role_id

    async def assign(self, user_id: int, role_id: int) -> None:
        async with self.fakes.uow.write() as tx:
            await tx.members.add_role(self.guild_id, user_id, role_id)

    async def grant(self, permissions: int, user_id: int = GRANTED) -> int:
        """Make ``user_id`` a member holding ``permissions`` through a new role."""
        await self.add_member(user_id)
        role_id = await self.add_role(permissions)
        await self.assign(user_id, role_id)
        return role_id

    async def add_channel(
        self,
        name: str,
        *,
        type: ChannelType = ChannelType.GUILD_TEXT,
        position: int = 0,
        private: bool = False,
        parent_id: int | None = None,
        permissions: int | None = None,
        guild_id: int | None = None,
        in_guild: bool = True,
    ) -> Channel:
        """A channel of this guild, of ``guild_id``'s, or of none (a DM) without ``in_guild``."""
        if guild_id is None and in_guild:
            guild_id = self.guild_id
        channel = Channel(
            id=self.fakes.ids.next_id(),
            type=type,
            name=name,
            guild_id=guild_id,
            position=position,
            private=private,
            parent_id=parent_id,
            permissions=permissions,
            created_at_ms=self.fakes.clock.now_ms(),
        )
        async with self.fakes.uow.write() as tx:
            await tx.channels.add(channel)
        return channel

    async def override(self, channel_id: int, role_id: int, *, accept: int, deny: int) -> None:
        async with self.fakes.uow.write() as tx:
            await tx.overrides.put(channel_id, role_id, Override(accept=accept, deny=deny))

    async def add_message(self, channel_id: int, author_id: int = OWNER) -> Message:
        message = Message(id=self.fakes.ids.next_id(), channel_id=channel_id, author_id=author_id)
        await self.fakes.messages.add(message)
        return message

    async def channel(self, channel_id: int) -> Channel | None:
        async with self.fakes.uow.read() as tx:
            return await tx.channels.get(channel_id)

    async def channels(self) -> list[Channel]:
        async with self.fakes.uow.read() as tx:
            return await tx.channels.list_by_guild(self.guild_id)

    def frames(self) -> list[dict[str, object]]:
        return self.fakes.events.frames(f"guild.{self.guild_id}")


async def make_world(fakes: Fakes) -> World:
    create = CreateGuildHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)
    guild = await create(CreateGuild(actor_id=OWNER, name="guild"))
    async with fakes.uow.read() as tx:
        category, general = await tx.channels.list_by_guild(guild.id)
    world = World(fakes=fakes, guild_id=guild.id, category_id=category.id, general_id=general.id)
    await world.add_member(MEMBER)
    return world


async def assert_refused(
    fakes: Fakes,
    action: Callable[[], Awaitable[object]],
    error: type[AppError | DomainError],
    message: str,
) -> None:
    """``action`` fails with exactly ``error``/``message`` and leaves everything as it was."""
    tables = copy.deepcopy(fakes.uow.db)
    published = list(fakes.events.published)
    with pytest.raises(error) as caught:
        await action()
    assert type(caught.value) is error
    assert caught.value.message == message
    assert fakes.uow.db == tables
    assert fakes.events.published == published
