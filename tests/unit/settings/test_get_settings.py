from typing import Any

import msgspec
import pytest

from application.errors import Invalid
from application.ports.mention_store import ChannelMention, UserMention
from application.use_cases.settings.get_settings import (
    GetSettings,
    GetSettingsHandler,
    parse_version,
)
from application.use_cases.settings.save_settings import SaveSettings, SaveSettingsHandler
from domain.channels import ChannelType
from tests.unit.fakes import Fakes
from tests.unit.settings.documents import ZERO_DOCUMENT
from tests.unit.users.seed import ALICE, BOB, add_channel, add_guild, add_users

G1, G2 = 101, 102


def get_settings(fakes: Fakes, content_hosts: tuple[str, ...] = ()) -> GetSettingsHandler:
    return GetSettingsHandler(
        uow=fakes.uow,
        read_states=fakes.read_states,
        mentions=fakes.mentions,
        content_hosts=content_hosts,
    )


async def fetch(fakes: Fakes, version: int = 0, **kwargs: Any) -> dict[str, Any]:
    response = await get_settings(fakes, **kwargs)(GetSettings(actor_id=ALICE, version=version))
    return msgspec.json.decode(msgspec.json.encode(response), type=dict[str, Any])


async def save(fakes: Fakes, body: bytes) -> None:
    await SaveSettingsHandler(uow=fakes.uow, events=fakes.events)(
        SaveSettings(actor_id=ALICE, body=body)
    )


async def test_a_new_user_gets_version_zero_and_zero_values(fakes: Fakes) -> None:
    assert await fetch(fakes) == {
        "version": 0,
        "settings": ZERO_DOCUMENT,
        "content_hosts": None,
        "read_states": {},
        "guilds_last_messages": {},
        "guilds": [],
        "guild_emojis": {},
    }


async def test_the_stored_document_comes_back_only_when_newer(fakes: Fakes) -> None:
    await save(fakes, b'{"language": "fr"}')
    await save(fakes, b'{"language": "de"}')

    newer = await fetch(fakes, version=1)
    same = await fetch(fakes, version=2)
    ahead = await fetch(fakes, version=7)
    negative = await fetch(fakes, version=-3)

    assert (newer["version"], newer["settings"]["language"]) == (2, "de")
    assert (negative["version"], negative["settings"]["language"]) == (2, "de")
    for stale in (same, ahead):
        assert (stale["version"], stale["settings"]) == (0, ZERO_DOCUMENT)


async def test_content_hosts_are_passed_through(fakes: Fakes) -> None:
    hosts = ("https://cdn.example.com", "https://media.example.org")

    assert (await fetch(fakes, content_hosts=hosts))["content_hosts"] == list(hosts)


async def test_guild_state_is_listed_per_guild_with_string_keys(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await add_guild(fakes, G1, BOB, ALICE, name="one")
    await add_guild(fakes, G2, ALICE, name="two")
    await add_guild(fakes, 103, BOB, name="not mine")
    await add_channel(fakes, 300, guild_id=G1, last_message_id=900)
    await add_channel(fakes, 301, guild_id=G1)
    await add_channel(fakes, 302, guild_id=G1, kind=ChannelType.GUILD_VOICE)
    await add_channel(fakes, 303, guild_id=G1, kind=ChannelType.THREAD, last_message_id=950)
    await add_channel(fakes, 304, guild_id=103, last_message_id=990)
    await add_channel(
        fakes, 305, kind=ChannelType.DM, last_message_id=995, participants=(ALICE, BOB)
    )
    await fakes.read_states.set(ALICE, 300, 900)
    await fakes.read_states.set(ALICE, 305, 995)

    result = await fetch(fakes)

    assert result["read_states"] == {"300": 900, "305": 995}
    assert result["guilds_last_messages"] == {str(G1): {"300": 900, "303": 950}, str(G2): {}}
    assert [(g["id"], g["name"], g["permissions"]) for g in result["guilds"]] == [
        (G1, "one", 0),
        (G2, "two", 0),
    ]
    assert result["guild_emojis"] == {str(G1): [], str(G2): []}
    assert "mentions" not in result
    assert "channel_mentions" not in result


async def test_unread_mentions_are_listed_with_pascal_case_keys(fakes: Fakes) -> None:
    await add_users(fakes, ALICE, BOB)
    await add_guild(fakes, G1, BOB, ALICE)
    await add_channel(fakes, 300, guild_id=G1, last_message_id=905)  # read up to 900
    await add_channel(fakes, 310, guild_id=G1, last_message_id=920)  # never read
    await add_channel(fakes, 320, guild_id=G1, last_message_id=930)  # fully read
    await fakes.read_states.set(ALICE, 300, 900)
    await fakes.read_states.set(ALICE, 320, 930)
    await fakes.mentions.add_user_mentions(
        [
            UserMention(user_id=ALICE, channel_id=300, message_id=899, author_id=BOB),
            UserMention(user_id=ALICE, channel_id=300, message_id=905, author_id=BOB),
            UserMention(user_id=BOB, channel_id=300, message_id=904, author_id=ALICE),
            UserMention(user_id=ALICE, channel_id=320, message_id=925, author_id=BOB),
        ]
    )
    await fakes.mentions.add_channel_mentions(
        [
            ChannelMention(
                guild_id=G1, channel_id=310, message_id=915, author_id=BOB, role_id=None, type=2
            ),
            ChannelMention(
                guild_id=G1, channel_id=310, message_id=912, author_id=BOB, role_id=77, type=1
            ),
            ChannelMention(
                guild_id=G1, channel_id=320, message_id=926, author_id=BOB, role_id=None, type=3
            ),
        ]
    )

    result = await fetch(fakes)

    assert result["mentions"] == {
        "300": [{"UserId": ALICE, "ChannelId": 300, "MessageId": 905, "AuthorId": BOB}]
    }
    assert result["channel_mentions"] == {
        "310": [
            {
                "GuildId": G1,
                "ChannelId": 310,
                "MessageId": 912,
                "AuthorId": BOB,
                "RoleId": 77,
                "Type": 1,
            },
            {
                "GuildId": G1,
                "ChannelId": 310,
                "MessageId": 915,
                "AuthorId": BOB,
                "RoleId": None,
                "Type": 2,
            },
        ]
    }


@pytest.mark.parametrize(
    ("text", "version"),
    [(None, 0), ("", 0), ("5", 5), ("+5", 5), ("-2", -2), ("9223372036854775807", 2**63 - 1)],
)
def test_versions_parse_like_go(text: str | None, version: int) -> None:
    assert parse_version(text) == version


@pytest.mark.parametrize("text", ["abc", "1.0", " 1", "1_000", "9223372036854775808"])
def test_unparsable_versions_are_400(text: str) -> None:
    with pytest.raises(Invalid, match=r"^unable to parse version$"):
        parse_version(text)
