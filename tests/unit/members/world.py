"""A small guild to run guild-management use cases against, plus the "refused" assertion.

The guild is made by ``CreateGuildHandler`` (so it has the real default layout: a "text"
category and a "general" system channel) and then furnished directly through the memory
repositories. Everyone in it has a user row, so presenters show real names.
"""

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import pytest

from application.errors import AppError
from application.use_cases.guilds.create_guild import CreateGuild, CreateGuildHandler
from domain.channels import Channel, ChannelType
from domain.errors import DomainError
from domain.members import Member
from domain.permissions import Permission
from domain.roles import Role
from domain.users import User
from tests.unit.fakes import Fakes

OWNER = 101
"""Created the guild."""
MODERATOR = 102
"""A member holding a role with every moderation and management bit (but not Administrator)."""
MEMBER = 103
"""A member with no roles: the guild's base mask only."""
TARGET = 104
"""Another plain member, the usual object of moderation and role assignment."""
OUTSIDER = 105
"""A signed-up user who is not in the guild."""
ADMIN = 106
"""A member holding a role with the Administrator bit."""

MOD_PERMISSIONS = int(
    Permission.MANAGE_ROLES
    | Permission.MANAGE_CHANNELS
    | Permission.KICK_MEMBERS
    | Permission.BAN_MEMBERS
    | Permission.CREATE_INVITE
    | Permission.VIEW_CHANNELS
)


@dataclass
class World:
    fakes: Fakes
    guild_id: int
    category_id: int
    system_channel_id: int
    mod_role_id: int
    admin_role_id: int

    async def add_user(self, user_id: int, name: str | None = None) -> None:
        async with self.fakes.uow.write() as tx:
            await tx.users.add(
                User(id=user_id, name=name or f"user-{user_id}", discriminator=f"u{user_id}")
            )

    async def add_member(self, user_id: int, *role_ids: int, joined_at_ms: int = 0) -> None:
        async with self.fakes.uow.write() as tx:
            await tx.members.add(
                Member(
                    guild_id=self.guild_id,
                    user_id=user_id,
                    joined_at_ms=joined_at_ms or self.fakes.clock.now_ms(),
                    role_ids=list(role_ids),
                )
            )

    async def add_role(
        self,
        permissions: int = 0,
        *,
        name: str = "role",
        position: int | None = None,
        guild_id: int | None = None,
    ) -> int:
        async with self.fakes.uow.write() as tx:
            guild = guild_id or self.guild_id
            existing = await tx.roles.list_by_guild(guild)
            role = Role(
                id=self.fakes.ids.next_id(),
                guild_id=guild,
                name=name,
                permissions=permissions,
                position=len(existing) if position is None else position,
            )
            await tx.roles.add(role)
        return role.id

    async def add_channel(
        self, *, guild_id: int | None = None, kind: ChannelType = ChannelType.GUILD_TEXT
    ) -> int:
        channel_id = self.fakes.ids.next_id()
        async with self.fakes.uow.write() as tx:
            await tx.channels.add(
                Channel(id=channel_id, type=kind, name="extra", guild_id=guild_id or self.guild_id)
            )
        return channel_id

    async def set_base(self, permissions: int) -> None:
        """Replace the guild's everyone mask."""
        async with self.fakes.uow.write() as tx:
            guild = await tx.guilds.get(self.guild_id)
            assert guild is not None
            guild.permissions = permissions
            await tx.guilds.update(guild)

    async def other_guild(self) -> int:
        """A second guild owned by ``OUTSIDER`` (for foreign roles and channels)."""
        create = CreateGuildHandler(uow=self.fakes.uow, ids=self.fakes.ids, clock=self.fakes.clock)
        return (await create(CreateGuild(actor_id=OUTSIDER, name="elsewhere"))).id


async def make_world(fakes: Fakes) -> World:
    create = CreateGuildHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)
    guild = await create(CreateGuild(actor_id=OWNER, name="guild"))
    async with fakes.uow.read() as tx:
        channels = await tx.channels.list_by_guild(guild.id)
        stored = await tx.guilds.get(guild.id)
    assert stored is not None
    assert stored.system_channel_id is not None
    category = next(c for c in channels if c.type is ChannelType.GUILD_CATEGORY)
    world = World(
        fakes=fakes,
        guild_id=guild.id,
        category_id=category.id,
        system_channel_id=stored.system_channel_id,
        mod_role_id=0,
        admin_role_id=0,
    )
    for user_id in (OWNER, MODERATOR, MEMBER, TARGET, OUTSIDER, ADMIN):
        await world.add_user(user_id)
    world.mod_role_id = await world.add_role(MOD_PERMISSIONS, name="mods")
    world.admin_role_id = await world.add_role(int(Permission.ADMINISTRATOR), name="admins")
    await world.add_member(MODERATOR, world.mod_role_id)
    await world.add_member(MEMBER)
    await world.add_member(TARGET)
    await world.add_member(ADMIN, world.admin_role_id)
    fakes.events.clear()
    return world


async def refused(
    fakes: Fakes, action: Awaitable[Any], kind: type[AppError | DomainError], message: str
) -> None:
    """``action`` fails with exactly ``kind`` and ``message`` and changes nothing at all."""
    before = fakes.uow.db.snapshot()
    published = list(fakes.events.published)
    with pytest.raises(kind) as caught:
        await action
    assert type(caught.value) is kind
    assert caught.value.message == message
    assert fakes.uow.db == before
    assert fakes.events.published == published
