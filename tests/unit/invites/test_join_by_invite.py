from typing import Any

import pytest

from application.errors import Forbidden, Invalid, NotFound
from application.use_cases.invites.accept_invite import AcceptInvite, AcceptInviteHandler
from application.use_cases.invites.preview_invite import PreviewInvite, PreviewInviteHandler
from domain.invites import Invite, code_for
from domain.members import Ban
from domain.messages import MessageType
from tests.unit.fakes import Fakes
from tests.unit.members.world import MEMBER, OUTSIDER, OWNER, World, refused

INVITE_ID = 9_000_000_001
CODE = code_for(INVITE_ID)
HOUR_MS = 3600 * 1000
GHOST = 999
"""A user id without a user row."""


@pytest.fixture(autouse=True)
async def invite(fakes: Fakes, world: World) -> Invite:
    now = fakes.clock.now_ms()
    made = Invite(
        id=INVITE_ID,
        code=CODE,
        guild_id=world.guild_id,
        author_id=OWNER,
        created_at_ms=now,
        expires_at_ms=now + HOUR_MS,
    )
    async with fakes.uow.write() as tx:
        await tx.invites.add(made)
    return made


def acceptor(fakes: Fakes) -> AcceptInviteHandler:
    return AcceptInviteHandler(
        uow=fakes.uow,
        messages=fakes.messages,
        ids=fakes.ids,
        clock=fakes.clock,
        events=fakes.events,
    )


def previewer(fakes: Fakes) -> PreviewInviteHandler:
    return PreviewInviteHandler(uow=fakes.uow, clock=fakes.clock)


def member_added(world: World, user: dict[str, Any], join_at: str) -> dict[str, Any]:
    member = {"user": user, "username": None, "avatar": None, "join_at": join_at}
    return {
        "op": 0,
        "t": 200,
        "d": {"guild_id": world.guild_id, "user_id": user["id"], "member": member},
    }


async def set_system_channel(fakes: Fakes, world: World, channel_id: int | None) -> None:
    async with fakes.uow.write() as tx:
        guild = await tx.guilds.get(world.guild_id)
        assert guild is not None
        guild.system_channel_id = channel_id
        await tx.guilds.update(guild)


# -- preview (row 71) ------------------------------------------------------------------------


@pytest.mark.parametrize("actor", [OUTSIDER, MEMBER])
async def test_anyone_signed_in_previews_an_invite(fakes: Fakes, world: World, actor: int) -> None:
    preview = await previewer(fakes)(PreviewInvite(actor_id=actor, code=CODE))
    assert (preview.id, preview.code, preview.author_id) == (INVITE_ID, CODE, OWNER)
    assert (preview.guild.id, preview.guild.name, preview.guild.owner) == (
        world.guild_id,
        "guild",
        OWNER,
    )
    assert preview.members_count == 5
    assert (preview.created_at, preview.expires_at) == (
        "2023-11-14T22:13:20Z",
        "2023-11-14T23:13:20Z",
    )


@pytest.mark.parametrize("code", ["", "ABC", "0123456", "012345678"])
async def test_codes_must_have_eight_characters(fakes: Fakes, code: str) -> None:
    query = PreviewInvite(actor_id=OUTSIDER, code=code)
    await refused(fakes, previewer(fakes)(query), Invalid, "invalid invite code")
    command = AcceptInvite(actor_id=OUTSIDER, code=code)
    await refused(fakes, acceptor(fakes)(command), Invalid, "invalid invite code")


async def test_unknown_codes_are_404(fakes: Fakes) -> None:
    query = PreviewInvite(actor_id=OUTSIDER, code="ZZZZZZZZ")
    await refused(fakes, previewer(fakes)(query), NotFound, "invite not found")
    command = AcceptInvite(actor_id=OUTSIDER, code="ZZZZZZZZ")
    await refused(fakes, acceptor(fakes)(command), NotFound, "invite not found")


async def test_expired_invites_are_404_and_purged(fakes: Fakes, world: World) -> None:
    fakes.clock.advance(HOUR_MS)
    with pytest.raises(NotFound, match="invite not found"):
        await acceptor(fakes)(AcceptInvite(actor_id=OUTSIDER, code=CODE))
    assert fakes.uow.db.invites == {}
    assert (world.guild_id, OUTSIDER) not in fakes.uow.db.members
    assert fakes.events.published == []


async def test_previewing_an_expired_invite_purges_it(fakes: Fakes) -> None:
    fakes.clock.advance(HOUR_MS)
    with pytest.raises(NotFound, match="invite not found"):
        await previewer(fakes)(PreviewInvite(actor_id=OUTSIDER, code=CODE))
    assert fakes.uow.db.invites == {}
    assert fakes.uow.db.invite_codes == {}


async def test_invites_of_a_vanished_guild_are_404(fakes: Fakes) -> None:
    now = fakes.clock.now_ms()
    orphan = INVITE_ID + 1
    async with fakes.uow.write() as tx:
        await tx.invites.add(
            Invite(
                id=orphan,
                code=code_for(orphan),
                guild_id=424242,
                author_id=OWNER,
                created_at_ms=now,
                expires_at_ms=now + HOUR_MS,
            )
        )
    query = PreviewInvite(actor_id=OUTSIDER, code=code_for(orphan))
    await refused(fakes, previewer(fakes)(query), NotFound, "invite not found")
    command = AcceptInvite(actor_id=OUTSIDER, code=code_for(orphan))
    await refused(fakes, acceptor(fakes)(command), NotFound, "invite not found")


# -- accept (row 72) -------------------------------------------------------------------------


async def test_accepting_joins_and_posts_a_join_message(fakes: Fakes, world: World) -> None:
    fakes.clock.advance(1500)
    guild = await acceptor(fakes)(AcceptInvite(actor_id=OUTSIDER, code=CODE))
    assert (guild.id, guild.name, guild.owner, guild.public) == (
        world.guild_id,
        "guild",
        OWNER,
        False,
    )
    async with fakes.uow.read() as tx:
        member = await tx.members.get(world.guild_id, OUTSIDER)
        channel = await tx.channels.get(world.system_channel_id)
    assert member is not None
    assert (member.joined_at_ms, member.role_ids) == (fakes.clock.now_ms(), [])
    assert channel is not None
    message = await fakes.messages.get(world.system_channel_id, channel.last_message_id)
    assert message is not None
    assert (message.author_id, message.content, message.type) == (OUTSIDER, "", MessageType.JOIN)
    user = {"id": OUTSIDER, "name": "user-105", "discriminator": "u105"}
    assert fakes.events.frames(f"guild.{world.guild_id}") == [
        member_added(world, user, "2023-11-14T22:13:21.5Z")
    ]
    assert fakes.events.frames(f"channel.{world.system_channel_id}") == [
        {
            "op": 0,
            "t": 100,
            "d": {
                "guild_id": world.guild_id,
                "message": {
                    "id": message.id,
                    "channel_id": world.system_channel_id,
                    "author": user,
                    "content": "",
                    "type": 2,
                },
            },
        }
    ]
    assert fakes.events.subjects() == [
        f"guild.{world.guild_id}",
        f"channel.{world.system_channel_id}",
    ]
    assert fakes.uow.db.invites != {}  # invites have no use limit


async def test_accepting_again_keeps_the_membership(fakes: Fakes, world: World) -> None:
    """GoChat announced every accept; Parley announces only a real join."""
    async with fakes.uow.write() as tx:
        await tx.members.add_role(world.guild_id, MEMBER, world.mod_role_id)
    joined = fakes.uow.db.members[world.guild_id, MEMBER].joined_at_ms
    fakes.clock.advance(HOUR_MS - 1)
    await acceptor(fakes)(AcceptInvite(actor_id=MEMBER, code=CODE))
    async with fakes.uow.read() as tx:
        member = await tx.members.get(world.guild_id, MEMBER)
    assert member is not None
    assert (member.joined_at_ms, member.role_ids) == (joined, [world.mod_role_id])
    assert fakes.events.frames() == []


async def test_without_a_system_channel_only_200_is_sent(fakes: Fakes, world: World) -> None:
    await set_system_channel(fakes, world, None)
    await acceptor(fakes)(AcceptInvite(actor_id=OUTSIDER, code=CODE))
    assert [f["t"] for f in fakes.events.frames()] == [200]
    assert await fakes.messages.before(world.system_channel_id, 1 << 62, 10) == []


@pytest.mark.parametrize("usable", ["deleted", "category", "foreign"])
async def test_an_unusable_system_channel_is_skipped(
    fakes: Fakes, world: World, usable: str
) -> None:
    if usable == "deleted":
        async with fakes.uow.write() as tx:
            await tx.channels.delete(world.system_channel_id)
        channel_id = world.system_channel_id
    elif usable == "category":
        channel_id = world.category_id
    else:
        channel_id = await world.add_channel(guild_id=await world.other_guild())
    await set_system_channel(fakes, world, channel_id)
    fakes.events.clear()
    await acceptor(fakes)(AcceptInvite(actor_id=OUTSIDER, code=CODE))
    assert [f["t"] for f in fakes.events.frames()] == [200]
    assert await fakes.messages.before(channel_id, 1 << 62, 10) == []


async def test_a_joiner_without_a_user_row_shows_as_unknown(fakes: Fakes) -> None:
    await acceptor(fakes)(AcceptInvite(actor_id=GHOST, code=CODE))
    unknown = {"id": GHOST, "name": "Unknown User", "discriminator": ""}
    frames = fakes.events.frames()
    assert frames[0]["d"]["member"]["user"] == unknown
    assert frames[1]["d"]["message"]["author"] == unknown


async def test_banned_users_cannot_accept(fakes: Fakes, world: World) -> None:
    """Spec §15 members_test: 403, no membership added (and no Join message)."""
    async with fakes.uow.write() as tx:
        await tx.bans.add(Ban(guild_id=world.guild_id, user_id=OUTSIDER, reason="spam"))
    command = AcceptInvite(actor_id=OUTSIDER, code=CODE)
    await refused(fakes, acceptor(fakes)(command), Forbidden, "user is banned")
    assert await fakes.messages.before(world.system_channel_id, 1 << 62, 10) == []
