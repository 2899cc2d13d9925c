from typing import Any

import msgspec
import pytest

from application.errors import Invalid
from application.use_cases.settings.document import format_problems, is_url, parse_settings
from application.use_cases.settings.save_settings import SaveSettings, SaveSettingsHandler
from tests.unit.fakes import Fakes
from tests.unit.settings.documents import ZERO_DOCUMENT, ZERO_NOTIFICATIONS
from tests.unit.users.seed import ALICE


def save(fakes: Fakes) -> SaveSettingsHandler:
    return SaveSettingsHandler(uow=fakes.uow, events=fakes.events)


def stored(fakes: Fakes) -> tuple[dict[str, Any], int]:
    document, version = fakes.uow.db.settings[ALICE]
    return msgspec.json.decode(document), version


async def test_an_empty_object_is_stored_with_every_key_and_announced(fakes: Fakes) -> None:
    await save(fakes)(SaveSettings(actor_id=ALICE, body=b"{}"))

    assert stored(fakes) == (ZERO_DOCUMENT, 1)
    assert fakes.events.subjects() == [f"user.{ALICE}"]
    assert fakes.events.frames() == [{"op": 0, "t": 401, "d": {"settings": ZERO_DOCUMENT}}]


async def test_each_save_replaces_the_document_and_bumps_the_version(fakes: Fakes) -> None:
    await save(fakes)(SaveSettings(actor_id=ALICE, body=b'{"language": "en"}'))
    await save(fakes)(SaveSettings(actor_id=ALICE, body=b'{"forced_presence": "idle"}'))

    document, version = stored(fakes)
    assert (document["language"], document["forced_presence"], version) == ("", "idle", 2)
    assert [frame["d"]["settings"]["forced_presence"] for frame in fakes.events.frames()] == [
        "",
        "idle",
    ]


async def test_a_full_document_keeps_its_values_and_normalizes_ids(fakes: Fakes) -> None:
    body = {
        "language": "de",
        "appearance": {"color_scheme": "dark", "chat_spacing": 2, "chat_font_scale": 1.25},
        "guild_folders": [{"name": "f", "color": 255, "position": 1, "guilds": [1, "2", "+3"]}],
        "guilds": [
            {
                "guild_id": "2230469276416868352",
                "position": 3,
                "selected_channel": 2230469276416868353,
                "notifications": {
                    "muted": True,
                    "muted_until": "2026-01-15T10:00:00.5Z",
                    "notifications": 1,
                },
            }
        ],
        "channels": [{"channel_id": "7", "notifications": {"notifications": 2}}],
        "users": [{"user_id": 8}],
        "favorite_gifs": ["https://media.example.com/a.gif", "cdn.example.org/b.gif", ""],
        "forced_presence": "dnd",
        "status": {"status": "dnd", "custom_status_text": "busy"},
        "dm_channels": [{"user_id": "9", "channel_id": 10, "hidden": True, "hidden_after": 5}],
        "devices": {"audio_input_level": 200, "audio_output_level": 0, "noise_suppression": True},
        "ui_sounds": {"mute": False, "notification": True},
        "unknown_key": {"ignored": True},
    }

    await save(fakes)(SaveSettings(actor_id=ALICE, body=msgspec.json.encode(body)))

    document, _ = stored(fakes)
    assert document["appearance"] == {
        "color_scheme": "dark",
        "chat_spacing": 2.0,
        "chat_font_scale": 1.25,
    }
    assert document["guild_folders"] == [
        {"name": "f", "color": 255, "position": 1, "guilds": [1, 2, 3]}
    ]
    assert document["guilds"] == [
        {
            "guild_id": 2230469276416868352,
            "position": 3,
            "selected_channel": 2230469276416868353,
            "notifications": {
                "muted": True,
                "muted_until": "2026-01-15T10:00:00.500000Z",
                "notifications": 1,
            },
        }
    ]
    assert document["channels"] == [
        {"channel_id": 7, "notifications": {"muted": False, "notifications": 2}}
    ]
    assert document["users"] == [{"user_id": 8, "notifications": ZERO_NOTIFICATIONS}]
    assert document["status"] == {"status": "dnd", "custom_status_text": "busy"}
    assert document["dm_channels"] == [
        {"user_id": 9, "channel_id": 10, "hidden": True, "hidden_after": 5}
    ]
    assert document["devices"]["audio_input_level"] == 200.0
    assert document["devices"]["noise_suppression"] is True
    assert document["ui_sounds"] == {"mute": False, "notification": True}
    assert "unknown_key" not in document
    assert fakes.events.frames()[0]["d"]["settings"] == document


async def test_nulls_mean_zero_values_as_in_go(fakes: Fakes) -> None:
    body = (
        b'{"language": null, "guild_folders": null, "status": {"status": null,'
        b' "custom_status_text": null}, "appearance": null, "ui_sounds": {"mute": null}}'
    )

    await save(fakes)(SaveSettings(actor_id=ALICE, body=body))

    assert stored(fakes) == (ZERO_DOCUMENT, 1)


async def test_a_null_document_is_a_zero_document(fakes: Fakes) -> None:
    await save(fakes)(SaveSettings(actor_id=ALICE, body=b"null"))

    assert stored(fakes) == (ZERO_DOCUMENT, 1)


async def test_an_empty_status_text_is_omitted(fakes: Fakes) -> None:
    await save(fakes)(
        SaveSettings(
            actor_id=ALICE, body=b'{"status": {"status": "online", "custom_status_text": ""}}'
        )
    )

    assert stored(fakes)[0]["status"] == {"status": "online"}


@pytest.mark.parametrize(
    ("body", "start"),
    [
        (b"", "parse error: "),
        (b"{", "parse error: "),
        (b"[]", "parse error: Expected `object`, got `array`"),
        (b'{"language": 5}', "parse error: Expected `str`, got `int` - at `$.language`"),
        (
            b'{"guilds": [{"guild_id": "12x"}]}',
            "parse error: invalid int64: '12x' - at `$.guilds[0]`",
        ),
        (b'{"guilds": [{"guild_id": 1.5}]}', "parse error: Expected `int | str`, got `float`"),
        (b'{"guild_folders": [{"guilds": ["9223372036854775808"]}]}', "parse error: invalid int64"),
        (
            b'{"guilds": [{"notifications": {"muted_until": "2026-01-15T10:00:00"}}]}',
            "parse error: ",
        ),
        (b'{"guilds": [null]}', "parse error: Expected `object`, got `null`"),
    ],
)
async def test_malformed_documents_are_parse_errors_and_change_nothing(
    fakes: Fakes, body: bytes, start: str
) -> None:
    with pytest.raises(Invalid) as caught:
        await save(fakes)(SaveSettings(actor_id=ALICE, body=body))

    assert caught.value.message.startswith(start)
    assert fakes.uow.db.settings == {}
    assert fakes.events.published == []


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"status": {"status": "away"}}, "status: (status: must be a valid value.)."),
        (
            {"status": {"status": "idle", "custom_status_text": "x" * 256}},
            "status: (custom_status_text: the length must be no more than 255.).",
        ),
        (
            {"devices": {"audio_input_level": -1, "audio_output_level": 200.5}},
            "devices: (audio_input_level: must be no less than 0; "
            "audio_output_level: must be no greater than 200.).",
        ),
        (
            {
                "favorite_gifs": [
                    "https://ok.example/a.gif",
                    "not a url",
                    "ftp://x",
                    "javascript:alert(1)",
                ]
            },
            "favorite_gifs: (1: must be a valid URL; 2: must be a valid URL; "
            "3: must be a valid URL.).",
        ),
        (
            {"status": {"status": "away"}, "favorite_gifs": ["nope"]},
            "favorite_gifs: (0: must be a valid URL.); status: (status: must be a valid value.).",
        ),
    ],
)
async def test_rule_breaks_are_400_with_ozzo_texts_and_change_nothing(
    fakes: Fakes, body: dict[str, Any], text: str
) -> None:
    with pytest.raises(Invalid) as caught:
        await save(fakes)(SaveSettings(actor_id=ALICE, body=msgspec.json.encode(body)))

    assert caught.value.message == text
    assert fakes.uow.db.settings == {}
    assert fakes.events.published == []


async def test_a_status_text_of_255_runes_fits(fakes: Fakes) -> None:
    body = {"status": {"status": "", "custom_status_text": "é" * 255}}

    await save(fakes)(SaveSettings(actor_id=ALICE, body=msgspec.json.encode(body)))

    assert stored(fakes)[0]["status"]["custom_status_text"] == "é" * 255


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://media.tenor.com/x.gif", True),
        ("http://localhost:8080/a.gif", True),
        ("example.com/a.gif", True),
        ("wss://gw.example.com", True),
        ("http://[::1]/a.gif", True),
        ("http://[::1/a.gif", False),
        ("https://", False),
        ("gopher://example.com", False),
        ("https://nodot/a.gif", False),
        ("https://a b.com", False),
        ("https://example.com/" + "a" * 2083, False),
    ],
)
def test_urls_follow_govalidator(url: str, ok: bool) -> None:
    assert is_url(url) is ok


def test_problems_format_nested_and_sorted() -> None:
    assert format_problems({"b": "two", "a": {"2": "x", "10": "y"}}) == "a: (10: y; 2: x.); b: two."


def test_parsing_alone_gives_a_typed_document() -> None:
    data = parse_settings(b'{"guilds": [{"guild_id": "5"}]}')

    assert data.guilds[0].guild_id == 5
