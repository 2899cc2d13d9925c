import pytest

from application.errors import Forbidden, NotFound
from application.use_cases.guilds.create_guild import CreateGuild, CreateGuildHandler
from application.use_cases.guilds.get_guild import GetGuild, GetGuildHandler
from application.wire.dto import GuildDTO
from domain.channels import ChannelType
from domain.errors import ValidationError
from domain.permissions import DEFAULT_GUILD_PERMISSIONS
from tests.unit.fakes import Fakes
from tests.unit.guilds.world import MEMBER, OWNER, STRANGER, World, assert_refused


async def test_create_guild_lays_out_category_general_and_system_channel(fakes: Fakes) -> None:
    create = CreateGuildHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)

    guild = await create(CreateGuild(actor_id=OWNER, name="my guild", public=True, icon_id=7))

    assert guild == GuildDTO(
        id=guild.id,
        name="my guild",
        owner=OWNER,
        public=True,
        permissions=DEFAULT_GUILD_PERMISSIONS,
    )
    async with fakes.uow.read() as tx:
        stored = await tx.guilds.get(guild.id)
        category, general = await tx.channels.list_by_guild(guild.id)
        member = await tx.members.get(guild.id, OWNER)
    assert stored is not None
    assert stored.icon is None
    assert stored.system_channel_id == general.id
    assert (category.type, category.name, category.private) == (
        ChannelType.GUILD_CATEGORY,
        "text",
        False,
    )
    assert (general.type, general.name, general.parent_id, general.private) == (
        ChannelType.GUILD_TEXT,
        "general",
        category.id,
        False,
    )
    assert member is not None
    assert fakes.events.published == []


async def test_create_guild_validates_the_name(fakes: Fakes) -> None:
    create = CreateGuildHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)

    await assert_refused(
        fakes,
        lambda: create(CreateGuild(actor_id=OWNER, name="x")),
        ValidationError,
        "name: guild name must be at least 2 characters.",
    )


@pytest.mark.parametrize("actor", [OWNER, MEMBER])
async def test_get_guild_shows_it_to_members(world: World, actor: int) -> None:
    get = GetGuildHandler(uow=world.fakes.uow)

    guild = await get(GetGuild(actor_id=actor, guild_id=world.guild_id))

    assert guild.id == world.guild_id
    assert guild.owner == OWNER


async def test_get_guild_refuses_strangers_and_unknown_guilds(world: World) -> None:
    get = GetGuildHandler(uow=world.fakes.uow)

    with pytest.raises(Forbidden, match=r"^not a member$"):
        await get(GetGuild(actor_id=STRANGER, guild_id=world.guild_id))
    with pytest.raises(NotFound, match=r"^guild not found$"):
        await get(GetGuild(actor_id=OWNER, guild_id=world.guild_id + 999))
