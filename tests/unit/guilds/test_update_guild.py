import pytest

from application.errors import NotAcceptable, NotFound
from application.use_cases.guilds.update_guild import UpdateGuild, UpdateGuildHandler
from domain.errors import ValidationError
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.guilds.world import (
    GRANTED,
    MEMBER,
    OWNER,
    STRANGER,
    World,
    assert_refused,
)


def handler(world: World) -> UpdateGuildHandler:
    return UpdateGuildHandler(uow=world.fakes.uow, events=world.fakes.events)


@pytest.mark.parametrize("actor", [STRANGER, MEMBER])
async def test_refuses_actors_without_manage_server(world: World, actor: int) -> None:
    await world.grant(Permission.MANAGE_CHANNELS | Permission.MANAGE_ROLES)
    update = handler(world)

    await assert_refused(
        world.fakes,
        lambda: update(UpdateGuild(actor_id=actor, guild_id=world.guild_id, name="renamed")),
        NotAcceptable,
        "permissions required",
    )


async def test_refuses_a_member_whose_roles_lack_manage_server(world: World) -> None:
    await world.grant(Permission.MANAGE_CHANNELS)

    await assert_refused(
        world.fakes,
        lambda: handler(world)(UpdateGuild(actor_id=GRANTED, guild_id=world.guild_id, name="x2")),
        NotAcceptable,
        "permissions required",
    )


@pytest.mark.parametrize("mask", [Permission.MANAGE_SERVER, Permission.ADMINISTRATOR])
async def test_a_role_with_manage_server_or_administrator_may_update(
    world: World, mask: Permission
) -> None:
    await world.grant(mask)

    await handler(world)(UpdateGuild(actor_id=GRANTED, guild_id=world.guild_id, name="renamed"))

    async with world.fakes.uow.read() as tx:
        guild = await tx.guilds.get(world.guild_id)
    assert guild is not None
    assert guild.name == "renamed"


async def test_owner_updates_every_field_and_104_carries_the_guild(world: World) -> None:
    await handler(world)(
        UpdateGuild(
            actor_id=OWNER,
            guild_id=world.guild_id,
            name="renamed",
            icon_id=77,
            public=True,
            permissions=5,
        )
    )

    async with world.fakes.uow.read() as tx:
        guild = await tx.guilds.get(world.guild_id)
    assert guild is not None
    assert (guild.name, guild.icon, guild.public, guild.permissions) == ("renamed", 77, True, 5)
    assert guild.system_channel_id == world.general_id
    assert world.frames() == [
        {
            "op": 0,
            "t": 104,
            "d": {
                "guild": {
                    "id": world.guild_id,
                    "name": "renamed",
                    "owner": OWNER,
                    "public": True,
                    "permissions": 5,
                }
            },
        }
    ]


async def test_an_empty_update_still_publishes_104_as_gochat_does(world: World) -> None:
    await handler(world)(UpdateGuild(actor_id=OWNER, guild_id=world.guild_id))

    assert world.frames() == [
        {
            "op": 0,
            "t": 104,
            "d": {
                "guild": {
                    "id": world.guild_id,
                    "name": "guild",
                    "owner": OWNER,
                    "public": False,
                    "permissions": DEFAULT_GUILD_PERMISSIONS,
                }
            },
        }
    ]


async def test_unknown_guild_is_404(world: World) -> None:
    await assert_refused(
        world.fakes,
        lambda: handler(world)(UpdateGuild(actor_id=OWNER, guild_id=world.guild_id + 1)),
        NotFound,
        "guild not found",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "x"}, "name: guild name must be at least 2 characters."),
        ({"name": "x" * 101}, "name: guild name must be no more than 100 characters."),
        ({"icon_id": 0}, "icon_id: must be no less than 1."),
        ({"permissions": -1}, "permissions: must be no less than 0."),
        (
            {"name": "", "icon_id": -5, "permissions": -1},
            "icon_id: must be no less than 1; name: guild name must be at least 2 characters; "
            "permissions: must be no less than 0.",
        ),
    ],
)
async def test_validation_comes_before_the_permission_check(
    world: World, fields: dict[str, object], message: str
) -> None:
    command = UpdateGuild(actor_id=STRANGER, guild_id=world.guild_id, **fields)  # type: ignore[arg-type]

    await assert_refused(world.fakes, lambda: handler(world)(command), ValidationError, message)
