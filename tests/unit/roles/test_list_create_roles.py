import pytest

from application.errors import NotAcceptable, NotFound, Unauthorized
from application.use_cases.roles.create_role import CreateRole, CreateRoleHandler
from application.use_cases.roles.list_roles import ListRoles, ListRolesHandler
from domain.errors import ValidationError
from domain.permissions import Permission
from tests.unit.fakes import Fakes
from tests.unit.members.world import (
    ADMIN,
    MEMBER,
    MOD_PERMISSIONS,
    MODERATOR,
    OUTSIDER,
    OWNER,
    World,
    refused,
)

# -- list (row 45) ---------------------------------------------------------------------------


async def test_members_list_roles_by_position_then_id(fakes: Fakes, world: World) -> None:
    late = await world.add_role(name="late", position=0)
    listed = await ListRolesHandler(uow=fakes.uow)(
        ListRoles(actor_id=MEMBER, guild_id=world.guild_id)
    )
    # mods (0), late (0, larger id), admins (1)
    assert [r.id for r in listed] == [world.mod_role_id, late, world.admin_role_id]
    assert listed[0].name == "mods"
    assert listed[0].permissions == MOD_PERMISSIONS


async def test_owner_lists_roles(fakes: Fakes, world: World) -> None:
    listed = await ListRolesHandler(uow=fakes.uow)(
        ListRoles(actor_id=OWNER, guild_id=world.guild_id)
    )
    assert len(listed) == 2


async def test_non_member_may_not_list_roles(fakes: Fakes, world: World) -> None:
    query = ListRoles(actor_id=OUTSIDER, guild_id=world.guild_id)
    await refused(
        fakes, ListRolesHandler(uow=fakes.uow)(query), Unauthorized, "permissions required"
    )


async def test_listing_roles_of_unknown_guild_is_404(fakes: Fakes, world: World) -> None:
    query = ListRoles(actor_id=OWNER, guild_id=world.guild_id + 999)
    await refused(fakes, ListRolesHandler(uow=fakes.uow)(query), NotFound, "guild not found")


# -- create (row 46) -------------------------------------------------------------------------


def creator(fakes: Fakes) -> CreateRoleHandler:
    return CreateRoleHandler(uow=fakes.uow, ids=fakes.ids, events=fakes.events)


@pytest.mark.parametrize("actor", [OWNER, MODERATOR, ADMIN])
async def test_allowed_actors_create_a_role_after_the_last_one(
    fakes: Fakes, world: World, actor: int
) -> None:
    command = CreateRole(
        actor_id=actor,
        guild_id=world.guild_id,
        name="helpers",
        color=0xFF0000,
        permissions=int(Permission.KICK_MEMBERS),
    )
    created = await creator(fakes)(command)
    assert created.position == 2
    assert (created.name, created.color, created.permissions) == ("helpers", 0xFF0000, 256)
    async with fakes.uow.read() as tx:
        stored = await tx.roles.get(created.id)
    assert stored is not None
    assert (stored.position, stored.guild_id) == (2, world.guild_id)
    assert fakes.events.frames(f"guild.{world.guild_id}") == [
        {
            "op": 0,
            "t": 110,
            "d": {
                "role": {
                    "id": created.id,
                    "guild_id": world.guild_id,
                    "name": "helpers",
                    "color": 0xFF0000,
                    "permissions": 256,
                    "position": 2,
                }
            },
        }
    ]


async def test_first_role_of_a_guild_gets_position_zero(fakes: Fakes, world: World) -> None:
    other = await world.other_guild()
    created = await creator(fakes)(CreateRole(actor_id=OUTSIDER, guild_id=other, name="first"))
    assert (created.position, created.color, created.permissions) == (0, 0, 0)


async def test_member_without_manage_roles_may_not_create(fakes: Fakes, world: World) -> None:
    command = CreateRole(actor_id=MEMBER, guild_id=world.guild_id, name="mine")
    await refused(fakes, creator(fakes)(command), NotAcceptable, "permissions required")


async def test_non_member_may_not_create_even_with_manage_roles_in_base(
    fakes: Fakes, world: World
) -> None:
    await world.set_base(int(Permission.MANAGE_ROLES))
    command = CreateRole(actor_id=OUTSIDER, guild_id=world.guild_id, name="mine")
    await refused(fakes, creator(fakes)(command), NotAcceptable, "permissions required")


async def test_manage_roles_cannot_mint_powers_it_lacks(fakes: Fakes, world: World) -> None:
    """Spec §17 item 21: no Administrator role from a mere ManageRoles holder."""
    command = CreateRole(
        actor_id=MODERATOR,
        guild_id=world.guild_id,
        name="escalate",
        permissions=int(Permission.ADMINISTRATOR),
    )
    await refused(fakes, creator(fakes)(command), NotAcceptable, "permissions required")


async def test_manage_roles_may_create_a_role_within_its_own_mask(
    fakes: Fakes, world: World
) -> None:
    command = CreateRole(
        actor_id=MODERATOR, guild_id=world.guild_id, name="same", permissions=MOD_PERMISSIONS
    )
    assert (await creator(fakes)(command)).permissions == MOD_PERMISSIONS


async def test_base_mask_bits_count_as_held(fakes: Fakes, world: World) -> None:
    command = CreateRole(
        actor_id=MODERATOR,
        guild_id=world.guild_id,
        name="talkers",
        permissions=int(Permission.SEND_MESSAGES),  # from the everyone mask, not the mod role
    )
    assert (await creator(fakes)(command)).permissions == int(Permission.SEND_MESSAGES)


@pytest.mark.parametrize(
    "case",
    [
        ("x", 0, 0, "name: role name must be at least 2 characters."),
        ("x" * 101, 0, 0, "name: role name must be no more than 100 characters."),
        ("ok", -1, 0, "color: must be between 0 and 16777215."),
        ("ok", 0x1000000, 0, "color: must be between 0 and 16777215."),
        ("ok", 0, -1, "permissions: must be no less than 0."),
    ],
)
async def test_invalid_roles_are_refused(
    fakes: Fakes, world: World, case: tuple[str, int, int, str]
) -> None:
    name, color, permissions, message = case
    command = CreateRole(
        actor_id=OWNER, guild_id=world.guild_id, name=name, color=color, permissions=permissions
    )
    await refused(fakes, creator(fakes)(command), ValidationError, message)


async def test_creating_in_unknown_guild_is_404(fakes: Fakes, world: World) -> None:
    command = CreateRole(actor_id=OWNER, guild_id=world.guild_id + 999, name="ghost")
    await refused(fakes, creator(fakes)(command), NotFound, "guild not found")
