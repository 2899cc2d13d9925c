import pytest

from application.ports.mention_store import ChannelMention, UserMention
from application.use_cases.messages.send_message import SendMessage
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene


async def say(
    scene: Scene, content: str, *, actor: int | None = None, channel: int | None = None
) -> int:
    reply = await scene.run.send(
        SendMessage(
            actor_id=actor or scene.bob, channel_id=channel or scene.channel_id, content=content
        )
    )
    return reply.id


def mention(
    scene: Scene,
    message_id: int,
    kind: int,
    *,
    author: int | None = None,
    guild: bool = True,
    channel: int | None = None,
) -> dict[str, object]:
    return {
        "op": 0,
        "t": 302,
        "d": {
            "guild_id": scene.guild_id if guild else None,
            "channel_id": channel or scene.channel_id,
            "message_id": message_id,
            "author_id": author or scene.bob,
            "type": kind,
        },
    }


def guild_mentions(scene: Scene) -> list[dict[str, object]]:
    return [fr for fr in scene.fakes.events.frames(f"guild.{scene.guild_id}") if fr["t"] == 302]


async def test_guild_members_mentioned_by_id_are_pinged_and_remembered(scene: Scene) -> None:
    f = scene.fakes

    message_id = await say(scene, f"hi <@{scene.alice}> and <@{scene.eve}> and <@{scene.alice}>")

    assert f.events.frames(f"user.{scene.alice}") == [mention(scene, message_id, 0)]
    assert f.events.frames(f"user.{scene.eve}") == []  # not a member
    assert await f.mentions.user_mentions_after(scene.alice, scene.channel_id, 0) == [
        UserMention(scene.alice, scene.channel_id, message_id, scene.bob)
    ]
    assert await f.mentions.user_mentions_after(scene.eve, scene.channel_id, 0) == []


async def test_outside_guilds_only_friends_of_the_author_are_pinged(scene: Scene) -> None:
    f = scene.fakes
    dm = await world.make_dm(f, scene.alice, scene.bob)
    await world.befriend(f, scene.bob, scene.alice)

    message_id = await say(scene, f"<@{scene.alice}> <@{scene.eve}> @everyone @here", channel=dm)

    assert f.events.frames(f"user.{scene.alice}")[-1] == mention(
        scene, message_id, 0, guild=False, channel=dm
    )
    assert f.events.frames(f"user.{scene.eve}") == []
    assert await f.mentions.channel_mentions_after(dm, 0) == []


async def test_a_dm_without_friends_mentioned_stays_quiet(scene: Scene) -> None:
    f = scene.fakes
    dm = await world.make_dm(f, scene.alice, scene.bob)

    await say(scene, "just text", channel=dm)

    assert [fr["t"] for fr in f.events.frames(f"user.{scene.alice}")] == [405]


async def test_owner_pings_roles_everyone_and_here(scene: Scene) -> None:
    f = scene.fakes
    role = await world.add_role(f, scene.guild_id, 0)
    missing_role = f.ids.next_id()

    message_id = await say(
        scene, f"<@&{role}> <@&{missing_role}> @everyone @here", actor=scene.alice
    )

    assert guild_mentions(scene) == [
        mention(scene, message_id, 1, author=scene.alice),
        mention(scene, message_id, 2, author=scene.alice),
        mention(scene, message_id, 3, author=scene.alice),
    ]
    assert await f.mentions.channel_mentions_after(scene.channel_id, 0) == [
        ChannelMention(scene.guild_id, scene.channel_id, message_id, scene.alice, role, 1),
        ChannelMention(scene.guild_id, scene.channel_id, message_id, scene.alice, None, 2),
    ]


async def test_here_alone_is_announced_but_not_stored(scene: Scene) -> None:
    f = scene.fakes

    message_id = await say(scene, "@here", actor=scene.alice)

    assert guild_mentions(scene) == [mention(scene, message_id, 3, author=scene.alice)]
    assert await f.mentions.channel_mentions_after(scene.channel_id, 0) == []


async def test_members_without_mention_roles_cannot_ping_groups(scene: Scene) -> None:
    f = scene.fakes
    role = await world.add_role(f, scene.guild_id, 0)

    message_id = await say(scene, f"<@&{role}> @everyone @here <@{scene.alice}>")

    assert guild_mentions(scene) == []
    assert await f.mentions.channel_mentions_after(scene.channel_id, 0) == []
    # Pinging a person still works.
    assert f.events.frames(f"user.{scene.alice}") == [mention(scene, message_id, 0)]


@pytest.mark.parametrize("grant", [Permission.MENTION_ROLES, Permission.ADMINISTRATOR])
async def test_mention_roles_or_administrator_lets_members_ping_groups(
    scene: Scene, grant: Permission
) -> None:
    f = scene.fakes
    carol = await world.add_user(f, "carol")
    power = await world.add_role(f, scene.guild_id, int(grant))
    await world.join(f, scene.guild_id, carol, roles=(power,))

    message_id = await say(scene, "@everyone", actor=carol)

    assert guild_mentions(scene) == [mention(scene, message_id, 2, author=carol)]


async def test_everyone_mask_with_mention_roles_lets_any_member_ping(scene: Scene) -> None:
    f = scene.fakes
    await world.set_everyone(
        f, scene.guild_id, DEFAULT_GUILD_PERMISSIONS | Permission.MENTION_ROLES
    )

    message_id = await say(scene, "@everyone")

    assert guild_mentions(scene) == [mention(scene, message_id, 2)]


async def test_mention_frames_follow_the_message_frames(scene: Scene) -> None:
    f = scene.fakes

    await say(scene, f"<@{scene.alice}> @here", actor=scene.alice)

    assert f.events.subjects() == [
        f"channel.{scene.channel_id}",
        f"guild.{scene.guild_id}",
        f"user.{scene.alice}",
        f"guild.{scene.guild_id}",
    ]
