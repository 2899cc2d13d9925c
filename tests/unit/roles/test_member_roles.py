import pytest

from application.errors import Invalid, NotAcceptable, NotFound, Unauthorized
from application.use_cases.roles.assign_role import AssignRole, AssignRoleHandler
from application.use_cases.roles.list_member_roles import ListMemberRoles, ListMemberRolesHandler
from application.use_cases.roles.unassign_role import UnassignRole, UnassignRoleHandler
from domain.permissions import Permission
from tests.unit.fakes import Fakes
from tests.unit.members.world import (
    ADMIN,
    MEMBER,
    MODERATOR,
    OUTSIDER,
    OWNER,
    TARGET,
    World,
    refused,
)


async def role_ids_of(fakes: Fakes, world: World, user_id: int) -> list[int]:
    async with fakes.uow.read() as tx:
        member = await tx.members.get(world.guild_id, user_id)
    assert member is not None
    return member.role_ids


# -- list (row 50) ---------------------------------------------------------------------------


async def test_members_see_a_members_roles_in_guild_order(fakes: Fakes, world: World) -> None:
    first = await world.add_role(name="first", position=-1)
    async with fakes.uow.write() as tx:
        await tx.members.add_role(world.guild_id, TARGET, world.admin_role_id)
        await tx.members.add_role(world.guild_id, TARGET, first)
    handler = ListMemberRolesHandler(uow=fakes.uow)
    roles = await handler(ListMemberRoles(actor_id=MEMBER, guild_id=world.guild_id, user_id=TARGET))
    assert [r.id for r in roles] == [first, world.admin_role_id]
    assert roles[1].name == "admins"
    assert (
        await handler(ListMemberRoles(actor_id=OWNER, guild_id=world.guild_id, user_id=MEMBER))
        == []
    )


async def test_non_member_may_not_list_member_roles(fakes: Fakes, world: World) -> None:
    query = ListMemberRoles(actor_id=OUTSIDER, guild_id=world.guild_id, user_id=TARGET)
    handler = ListMemberRolesHandler(uow=fakes.uow)
    await refused(fakes, handler(query), Unauthorized, "permissions required")


async def test_listing_roles_of_a_non_member_is_404(fakes: Fakes, world: World) -> None:
    query = ListMemberRoles(actor_id=MEMBER, guild_id=world.guild_id, user_id=OUTSIDER)
    handler = ListMemberRolesHandler(uow=fakes.uow)
    await refused(fakes, handler(query), NotFound, "not a member")


# -- assign / unassign (rows 51, 52) -----------------------------------------------------------


def assigner(fakes: Fakes) -> AssignRoleHandler:
    return AssignRoleHandler(uow=fakes.uow, events=fakes.events)


def unassigner(fakes: Fakes) -> UnassignRoleHandler:
    return UnassignRoleHandler(uow=fakes.uow, events=fakes.events)


@pytest.mark.parametrize("actor", [OWNER, ADMIN, MODERATOR])
async def test_assign_then_unassign(fakes: Fakes, world: World, actor: int) -> None:
    role_id = await world.add_role(int(Permission.KICK_MEMBERS))
    await assigner(fakes)(
        AssignRole(actor_id=actor, guild_id=world.guild_id, user_id=TARGET, role_id=role_id)
    )
    assert await role_ids_of(fakes, world, TARGET) == [role_id]
    await unassigner(fakes)(
        UnassignRole(actor_id=actor, guild_id=world.guild_id, user_id=TARGET, role_id=role_id)
    )
    assert await role_ids_of(fakes, world, TARGET) == []
    payload = {"guild_id": world.guild_id, "role_id": role_id, "user_id": TARGET}
    assert fakes.events.frames(f"guild.{world.guild_id}") == [
        {"op": 0, "t": 203, "d": payload},
        {"op": 0, "t": 204, "d": payload},
    ]


async def test_assigning_twice_keeps_one_assignment_and_announces_both(
    fakes: Fakes, world: World
) -> None:
    command = AssignRole(
        actor_id=OWNER, guild_id=world.guild_id, user_id=TARGET, role_id=world.mod_role_id
    )
    await assigner(fakes)(command)
    await assigner(fakes)(command)
    assert await role_ids_of(fakes, world, TARGET) == [world.mod_role_id]
    assert [f["t"] for f in fakes.events.frames()] == [203, 203]


async def test_unassigning_a_role_not_held_still_succeeds(fakes: Fakes, world: World) -> None:
    command = UnassignRole(
        actor_id=OWNER, guild_id=world.guild_id, user_id=TARGET, role_id=world.mod_role_id
    )
    await unassigner(fakes)(command)
    assert [f["t"] for f in fakes.events.frames()] == [204]


@pytest.mark.parametrize(
    ("actor", "base"), [(MEMBER, 0), (OUTSIDER, 0), (OUTSIDER, int(Permission.MANAGE_ROLES))]
)
async def test_role_changes_need_manage_roles_and_membership(
    fakes: Fakes, world: World, actor: int, base: int
) -> None:
    """A member needs ManageRoles; an outsider is refused even when the base mask has it."""
    await world.set_base(base)
    assign = AssignRole(
        actor_id=actor, guild_id=world.guild_id, user_id=TARGET, role_id=world.mod_role_id
    )
    await refused(fakes, assigner(fakes)(assign), NotAcceptable, "permissions required")
    unassign = UnassignRole(
        actor_id=actor, guild_id=world.guild_id, user_id=TARGET, role_id=world.mod_role_id
    )
    await refused(fakes, unassigner(fakes)(unassign), NotAcceptable, "permissions required")


async def test_manage_roles_cannot_hand_out_administrator(fakes: Fakes, world: World) -> None:
    """Spec §17 item 21: the role's bits must all be the actor's."""
    command = AssignRole(
        actor_id=MODERATOR, guild_id=world.guild_id, user_id=MODERATOR, role_id=world.admin_role_id
    )
    await refused(fakes, assigner(fakes)(command), NotAcceptable, "permissions required")


async def test_manage_roles_cannot_take_administrator_away(fakes: Fakes, world: World) -> None:
    command = UnassignRole(
        actor_id=MODERATOR, guild_id=world.guild_id, user_id=ADMIN, role_id=world.admin_role_id
    )
    await refused(fakes, unassigner(fakes)(command), NotAcceptable, "permissions required")


async def test_role_change_for_a_non_member_is_404(fakes: Fakes, world: World) -> None:
    command = AssignRole(
        actor_id=OWNER, guild_id=world.guild_id, user_id=OUTSIDER, role_id=world.mod_role_id
    )
    await refused(fakes, assigner(fakes)(command), NotFound, "not a member")


async def test_role_change_with_foreign_or_unknown_role(fakes: Fakes, world: World) -> None:
    other = await world.other_guild()
    foreign = await world.add_role(guild_id=other)
    command = AssignRole(actor_id=OWNER, guild_id=world.guild_id, user_id=TARGET, role_id=foreign)
    await refused(fakes, assigner(fakes)(command), Invalid, "role does not belong to this guild")
    command = AssignRole(actor_id=OWNER, guild_id=world.guild_id, user_id=TARGET, role_id=424242)
    await refused(fakes, assigner(fakes)(command), NotFound, "role not found")


async def test_role_change_in_unknown_guild_is_404(fakes: Fakes, world: World) -> None:
    command = UnassignRole(
        actor_id=OWNER, guild_id=world.guild_id + 999, user_id=TARGET, role_id=world.mod_role_id
    )
    await refused(fakes, unassigner(fakes)(command), NotFound, "guild not found")
