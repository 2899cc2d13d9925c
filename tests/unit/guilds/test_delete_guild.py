import pytest

from application.errors import Forbidden, NotFound
from application.use_cases.guilds.create_guild import CreateGuild, CreateGuildHandler
from application.use_cases.guilds.delete_guild import DeleteGuild, DeleteGuildHandler
from domain.ids import MAX_ID
from domain.invites import Invite
from domain.members import Ban
from domain.permissions import ALL_PERMISSIONS, Permission
from tests.unit.guilds.world import (
    GRANTED,
    MEMBER,
    OWNER,
    STRANGER,
    World,
    assert_refused,
)


def handler(world: World) -> DeleteGuildHandler:
    return DeleteGuildHandler(uow=world.fakes.uow, messages=world.fakes.messages)


@pytest.mark.parametrize("actor", [STRANGER, MEMBER, GRANTED])
async def test_only_the_owner_may_delete_even_an_administrator_may_not(
    world: World, actor: int
) -> None:
    await world.grant(Permission.ADMINISTRATOR)
    message = await world.add_message(world.general_id)

    await assert_refused(
        world.fakes,
        lambda: handler(world)(DeleteGuild(actor_id=actor, guild_id=world.guild_id)),
        Forbidden,
        "permissions required",
    )
    assert await world.fakes.messages.get(world.general_id, message.id) == message


async def test_unknown_guild_is_404(world: World) -> None:
    await assert_refused(
        world.fakes,
        lambda: handler(world)(DeleteGuild(actor_id=OWNER, guild_id=world.guild_id + 1)),
        NotFound,
        "guild not found",
    )


async def test_owner_deletes_everything_of_the_guild_and_publishes_nothing(world: World) -> None:
    fakes = world.fakes
    role_id = await world.grant(ALL_PERMISSIONS)
    await world.override(world.general_id, role_id, accept=1, deny=0)
    voice = await world.add_channel("voice")
    async with fakes.uow.write() as tx:
        await tx.invites.add(
            Invite(
                id=fakes.ids.next_id(),
                code="abcdefgh",
                guild_id=world.guild_id,
                author_id=OWNER,
                created_at_ms=1,
                expires_at_ms=MAX_ID,
            )
        )
        await tx.bans.add(Ban(guild_id=world.guild_id, user_id=STRANGER))
    await world.add_message(world.general_id)
    await world.add_message(voice.id)
    other = await CreateGuildHandler(uow=fakes.uow, ids=fakes.ids, clock=fakes.clock)(
        CreateGuild(actor_id=STRANGER, name="other")
    )
    async with fakes.uow.read() as tx:
        other_channel = (await tx.channels.list_by_guild(other.id))[1]
    kept = await world.add_message(other_channel.id, STRANGER)

    await handler(world)(DeleteGuild(actor_id=OWNER, guild_id=world.guild_id))

    db = fakes.uow.db
    assert world.guild_id not in db.guilds
    assert [c.guild_id for c in db.channels.values()] == [other.id, other.id]
    assert db.roles == {}
    assert [g for g, _ in db.members] == [other.id]
    assert db.member_roles == {}
    assert db.role_overrides == {}
    assert db.invites == {}
    assert db.invite_codes == {}
    assert db.bans == {}
    for channel_id in (world.general_id, voice.id):
        assert await fakes.messages.before(channel_id, MAX_ID, 10) == []
    assert await fakes.messages.before(other_channel.id, MAX_ID, 10) == [kept]
    assert fakes.events.published == []
