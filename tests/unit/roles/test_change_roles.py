import pytest

from application.errors import Invalid, NotAcceptable, NotFound
from application.use_cases.roles.delete_role import DeleteRole, DeleteRoleHandler
from application.use_cases.roles.reorder_roles import (
    ReorderRoles,
    ReorderRolesHandler,
    RolePosition,
)
from application.use_cases.roles.update_role import UpdateRole, UpdateRoleHandler
from domain.errors import ValidationError
from domain.permissions import Override, Permission
from tests.unit.fakes import Fakes
from tests.unit.members.world import (
    ADMIN,
    MEMBER,
    MOD_PERMISSIONS,
    MODERATOR,
    OUTSIDER,
    OWNER,
    TARGET,
    World,
    refused,
)

# -- reorder (row 47) ------------------------------------------------------------------------


def reorderer(fakes: Fakes) -> ReorderRolesHandler:
    return ReorderRolesHandler(uow=fakes.uow, events=fakes.events)


def moves(*pairs: tuple[int, int]) -> tuple[RolePosition, ...]:
    return tuple(RolePosition(role_id=r, position=p) for r, p in pairs)


async def test_reorder_moves_own_roles_and_ignores_foreign_ones(fakes: Fakes, world: World) -> None:
    """Spec §15 roles_test: a foreign id is ignored; one 111 per updated role."""
    other = await world.other_guild()
    foreign = await world.add_role(name="foreign", guild_id=other, position=7)
    command = ReorderRoles(
        actor_id=OWNER,
        guild_id=world.guild_id,
        roles=moves((world.mod_role_id, 2), (world.admin_role_id, 0), (foreign, 5)),
    )
    await reorderer(fakes)(command)
    async with fakes.uow.read() as tx:
        positions = {r.id: r.position for r in await tx.roles.list_by_guild(world.guild_id)}
        untouched = await tx.roles.get(foreign)
    assert positions == {world.mod_role_id: 2, world.admin_role_id: 0}
    assert untouched is not None
    assert untouched.position == 7
    frames = fakes.events.frames(f"guild.{world.guild_id}")
    assert [f["t"] for f in frames] == [111, 111]
    assert [(f["d"]["role"]["id"], f["d"]["role"]["position"]) for f in frames] == [
        (world.admin_role_id, 0),
        (world.mod_role_id, 2),
    ]
    assert frames[0]["d"]["guild_id"] == world.guild_id
    assert frames[0]["d"]["role"]["name"] == "admins"
    assert fakes.events.frames(f"guild.{other}") == []


@pytest.mark.parametrize("actor", [OWNER, ADMIN, MODERATOR])
async def test_reorder_permission_matrix_allows(fakes: Fakes, world: World, actor: int) -> None:
    command = ReorderRoles(
        actor_id=actor, guild_id=world.guild_id, roles=moves((world.mod_role_id, 4))
    )
    await reorderer(fakes)(command)
    assert len(fakes.events.published) == 1


@pytest.mark.parametrize("actor", [MEMBER, OUTSIDER])
async def test_reorder_permission_matrix_refuses(fakes: Fakes, world: World, actor: int) -> None:
    command = ReorderRoles(
        actor_id=actor, guild_id=world.guild_id, roles=moves((world.mod_role_id, 4))
    )
    await refused(fakes, reorderer(fakes)(command), NotAcceptable, "permissions required")


async def test_reorder_needs_at_least_one_role(fakes: Fakes, world: World) -> None:
    command = ReorderRoles(actor_id=OWNER, guild_id=world.guild_id, roles=())
    await refused(fakes, reorderer(fakes)(command), ValidationError, "roles: cannot be blank.")


async def test_reorder_with_only_unknown_ids_publishes_nothing(fakes: Fakes, world: World) -> None:
    command = ReorderRoles(actor_id=OWNER, guild_id=world.guild_id, roles=moves((424242, 1)))
    await reorderer(fakes)(command)
    assert fakes.events.published == []


# -- update (row 48) -------------------------------------------------------------------------


def updater(fakes: Fakes) -> UpdateRoleHandler:
    return UpdateRoleHandler(uow=fakes.uow, events=fakes.events)


async def test_update_changes_given_fields_and_publishes_111(fakes: Fakes, world: World) -> None:
    role_id = await world.add_role(int(Permission.KICK_MEMBERS), name="old")
    command = UpdateRole(actor_id=MODERATOR, guild_id=world.guild_id, role_id=role_id, color=7)
    updated = await updater(fakes)(command)
    assert (updated.name, updated.color, updated.permissions) == ("old", 7, 256)
    command = UpdateRole(
        actor_id=OWNER,
        guild_id=world.guild_id,
        role_id=role_id,
        name="new",
        permissions=int(Permission.ADMINISTRATOR),
    )
    updated = await updater(fakes)(command)
    assert (updated.name, updated.color, updated.permissions) == ("new", 7, 1 << 26)
    async with fakes.uow.read() as tx:
        stored = await tx.roles.get(role_id)
    assert stored is not None
    assert (stored.name, stored.color, stored.permissions) == ("new", 7, 1 << 26)
    frames = fakes.events.frames(f"guild.{world.guild_id}")
    assert frames[-1] == {
        "op": 0,
        "t": 111,
        "d": {
            "guild_id": world.guild_id,
            "role": {
                "id": role_id,
                "guild_id": world.guild_id,
                "name": "new",
                "color": 7,
                "permissions": 1 << 26,
                "position": 2,
            },
        },
    }
    assert len(frames) == 2


async def test_member_without_manage_roles_may_not_update(fakes: Fakes, world: World) -> None:
    command = UpdateRole(
        actor_id=MEMBER, guild_id=world.guild_id, role_id=world.mod_role_id, name="mine"
    )
    await refused(fakes, updater(fakes)(command), NotAcceptable, "permissions required")


async def test_non_member_may_not_update(fakes: Fakes, world: World) -> None:
    command = UpdateRole(
        actor_id=OUTSIDER, guild_id=world.guild_id, role_id=world.mod_role_id, name="mine"
    )
    await refused(fakes, updater(fakes)(command), NotAcceptable, "permissions required")


async def test_manage_roles_cannot_edit_a_more_powerful_role(fakes: Fakes, world: World) -> None:
    command = UpdateRole(
        actor_id=MODERATOR, guild_id=world.guild_id, role_id=world.admin_role_id, name="mine"
    )
    await refused(fakes, updater(fakes)(command), NotAcceptable, "permissions required")


async def test_manage_roles_cannot_grant_bits_it_lacks(fakes: Fakes, world: World) -> None:
    command = UpdateRole(
        actor_id=MODERATOR,
        guild_id=world.guild_id,
        role_id=world.mod_role_id,
        permissions=MOD_PERMISSIONS | Permission.ADMINISTRATOR,
    )
    await refused(fakes, updater(fakes)(command), NotAcceptable, "permissions required")


async def test_administrator_may_edit_the_administrator_role(fakes: Fakes, world: World) -> None:
    command = UpdateRole(
        actor_id=ADMIN, guild_id=world.guild_id, role_id=world.admin_role_id, name="chiefs"
    )
    assert (await updater(fakes)(command)).name == "chiefs"


async def test_updating_a_foreign_role_is_400(fakes: Fakes, world: World) -> None:
    other = await world.other_guild()
    foreign = await world.add_role(guild_id=other)
    command = UpdateRole(actor_id=OWNER, guild_id=world.guild_id, role_id=foreign, name="mine")
    await refused(fakes, updater(fakes)(command), Invalid, "role does not belong to this guild")


async def test_updating_an_unknown_role_is_404(fakes: Fakes, world: World) -> None:
    command = UpdateRole(actor_id=OWNER, guild_id=world.guild_id, role_id=424242, name="mine")
    await refused(fakes, updater(fakes)(command), NotFound, "role not found")


async def test_update_validates_before_anything_else(fakes: Fakes, world: World) -> None:
    command = UpdateRole(actor_id=OUTSIDER, guild_id=world.guild_id, role_id=424242, color=-5)
    await refused(
        fakes, updater(fakes)(command), ValidationError, "color: must be between 0 and 16777215."
    )


# -- delete (row 49) -------------------------------------------------------------------------


def deleter(fakes: Fakes) -> DeleteRoleHandler:
    return DeleteRoleHandler(uow=fakes.uow, events=fakes.events)


async def test_delete_removes_role_assignments_and_overrides(fakes: Fakes, world: World) -> None:
    role_id = await world.add_role(int(Permission.KICK_MEMBERS))
    async with fakes.uow.write() as tx:
        await tx.members.add_role(world.guild_id, TARGET, role_id)
        await tx.overrides.put(world.system_channel_id, role_id, Override(accept=1, deny=0))
    await deleter(fakes)(DeleteRole(actor_id=MODERATOR, guild_id=world.guild_id, role_id=role_id))
    async with fakes.uow.read() as tx:
        assert await tx.roles.get(role_id) is None
        target = await tx.members.get(world.guild_id, TARGET)
        overrides = await tx.overrides.list_for_channel(world.system_channel_id)
    assert target is not None
    assert target.role_ids == []
    assert overrides == {}
    assert fakes.events.frames(f"guild.{world.guild_id}") == [
        {"op": 0, "t": 112, "d": {"guild_id": world.guild_id, "role_id": role_id}}
    ]


@pytest.mark.parametrize("actor", [OWNER, ADMIN])
async def test_owner_and_admin_delete_the_administrator_role(
    fakes: Fakes, world: World, actor: int
) -> None:
    command = DeleteRole(actor_id=actor, guild_id=world.guild_id, role_id=world.admin_role_id)
    await deleter(fakes)(command)
    assert [f["t"] for f in fakes.events.frames()] == [112]


@pytest.mark.parametrize("actor", [MEMBER, OUTSIDER])
async def test_delete_needs_manage_roles_and_membership(
    fakes: Fakes, world: World, actor: int
) -> None:
    command = DeleteRole(actor_id=actor, guild_id=world.guild_id, role_id=world.mod_role_id)
    await refused(fakes, deleter(fakes)(command), NotAcceptable, "permissions required")


async def test_manage_roles_cannot_delete_a_more_powerful_role(fakes: Fakes, world: World) -> None:
    command = DeleteRole(actor_id=MODERATOR, guild_id=world.guild_id, role_id=world.admin_role_id)
    await refused(fakes, deleter(fakes)(command), NotAcceptable, "permissions required")


async def test_deleting_foreign_or_unknown_roles(fakes: Fakes, world: World) -> None:
    other = await world.other_guild()
    foreign = await world.add_role(guild_id=other)
    command = DeleteRole(actor_id=OWNER, guild_id=world.guild_id, role_id=foreign)
    await refused(fakes, deleter(fakes)(command), Invalid, "role does not belong to this guild")
    command = DeleteRole(actor_id=OWNER, guild_id=world.guild_id, role_id=424242)
    await refused(fakes, deleter(fakes)(command), NotFound, "role not found")
