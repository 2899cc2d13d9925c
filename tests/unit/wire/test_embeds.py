"""Embeds (spec §13.7) and the checks of GoChat's ``internal/embed/embed_test.go`` (spec §15)."""

from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
import pytest

from application.errors import Invalid
from application.wire.dto import MessageDTO, UserDTO
from application.wire.embeds import (
    Embed,
    EmbedAuthor,
    EmbedField,
    EmbedFooter,
    EmbedMedia,
    EmbedProvider,
    encode_embeds,
    merge_embeds,
    validate_embeds,
)

YOUTUBE_VIDEO = b"""[{
  "type": "video",
  "url": "https://www.youtube.com/watch?v=OgfdyH4iaps",
  "title": "Why is Microsoft updating their text editors!? | TheStandup",
  "description": "Chapters\\n00:00:00 - Intro",
  "color": 16711680,
  "author": {
    "name": "The PrimeTime",
    "url": "https://www.youtube.com/channel/UCUyeluBRhGPCW4rPe_UvBZQ"
  },
  "provider": {"name": "YouTube", "url": "https://www.youtube.com"},
  "thumbnail": {
    "url": "https://i.ytimg.com/vi/OgfdyH4iaps/maxresdefault.jpg",
    "proxy_url": "https://images-ext-1.discordapp.net/external/jm6iBEsldkSfkcx2xcYp6-x-dShUdNSMiWSY3ejdkME/https/i.ytimg.com/vi/OgfdyH4iaps/maxresdefault.jpg",
    "width": 1280,
    "height": 720,
    "content_type": "image/jpeg",
    "placeholder": "IPgNDIQbRUaQiJcwuYlwmyQ5Bg==",
    "placeholder_version": 1,
    "flags": 0
  },
  "video": {
    "url": "https://www.youtube.com/embed/OgfdyH4iaps",
    "width": 1280,
    "height": 720,
    "placeholder": "IPgNDIQbRUaQiJcwuYlwmyQ5Bg==",
    "placeholder_version": 1,
    "flags": 0
  }
}]"""


def decode(raw: bytes | str) -> list[Embed]:
    return msgspec.json.decode(raw, type=list[Embed])


def refusal(embeds: list[Embed]) -> str:
    with pytest.raises(Invalid) as caught:
        validate_embeds(embeds)
    return caught.value.message


# The three checks of embed_test.go


def test_discord_style_youtube_video_validates_and_round_trips() -> None:
    embeds = decode(YOUTUBE_VIDEO)
    validate_embeds(embeds)

    stored = encode_embeds(embeds)
    parsed = decode(stored)
    assert parsed == embeds
    assert len(parsed) == 1
    assert parsed[0].type == "video"
    assert msgspec.json.decode(stored) == msgspec.json.decode(YOUTUBE_VIDEO)


def test_eleven_embeds_are_refused() -> None:
    validate_embeds([Embed(description="hello") for _ in range(10)])
    message = refusal([Embed(description="hello") for _ in range(11)])
    assert message == "embeds must not contain more than 10 items"


def test_image_flags_of_minus_one_are_refused() -> None:
    embed = Embed(image=EmbedMedia(url="https://example.com/image.png", flags=-1))
    assert refusal([embed]) == "embeds[0].image.flags must be non-negative"


# Wire shape


def test_empty_parts_are_omitted() -> None:
    assert msgspec.json.encode(Embed()) == b"{}"
    assert msgspec.json.encode(EmbedMedia()) == b"{}"


def test_explicit_zero_and_false_survive_like_go_pointers() -> None:
    embed = Embed(
        color=0,
        image=EmbedMedia(width=0, height=0, flags=0, placeholder_version=0),
        fields=[EmbedField(name="n", value="v", inline=False)],
    )
    assert msgspec.json.decode(msgspec.json.encode(embed)) == {
        "color": 0,
        "image": {"height": 0, "width": 0, "placeholder_version": 0, "flags": 0},
        "fields": [{"name": "n", "value": "v", "inline": False}],
    }


def test_keys_follow_gochat_order() -> None:
    embed = Embed(
        title="t",
        type="rich",
        description="d",
        url="https://e.com",
        timestamp=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
        color=1942002,
        footer=EmbedFooter(text="f"),
        provider=EmbedProvider(name="p"),
        author=EmbedAuthor(name="a"),
    )
    keys = list(msgspec.json.decode(msgspec.json.encode(embed)))
    assert keys == [
        "title",
        "type",
        "description",
        "url",
        "timestamp",
        "color",
        "footer",
        "provider",
        "author",
    ]


def test_timestamp_is_rfc3339_with_a_zone() -> None:
    [embed] = decode(b'[{"timestamp": "2023-11-14T22:13:20.5+02:00"}]')
    assert embed.timestamp is not None
    assert embed.timestamp.utcoffset() is not None
    assert msgspec.json.encode(Embed(timestamp=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC))) == (
        b'{"timestamp":"2023-11-14T22:13:20Z"}'
    )
    with pytest.raises(msgspec.ValidationError):
        decode(b'[{"timestamp": "2023-11-14T22:13:20"}]')


def test_missing_field_name_parses_so_gochat_text_can_be_reported() -> None:
    embeds = decode(b'[{"fields": [{"value": "v"}]}]')
    assert refusal(embeds) == "embeds[0].fields[0].name is required"


def test_encode_embeds_stores_an_empty_array_when_there_are_none() -> None:
    assert encode_embeds([]) == "[]"
    assert encode_embeds([Embed(title="x")]) == '[{"title":"x"}]'


# Limits


def long(size: int) -> str:
    return "é" * size  # one rune, two bytes: limits count runes


@pytest.mark.parametrize(
    ("embed", "message"),
    [
        (
            Embed(type="poll"),
            "embeds[0].type must be one of rich, image, video, gifv, article, link",
        ),
        (Embed(title=long(257)), "embeds[0].title must not exceed 256 characters"),
        (Embed(description=long(4097)), "embeds[0].description must not exceed 4096 characters"),
        (Embed(color=-1), "embeds[0].color must be between 0 and 16777215"),
        (Embed(color=16777216), "embeds[0].color must be between 0 and 16777215"),
        (Embed(footer=EmbedFooter()), "embeds[0].footer.text is required when footer is set"),
        (
            Embed(footer=EmbedFooter(text=long(2049))),
            "embeds[0].footer.text must not exceed 2048 characters",
        ),
        (
            Embed(author=EmbedAuthor(url="https://e.com")),
            "embeds[0].author.name is required when author is set",
        ),
        (
            Embed(author=EmbedAuthor(name=long(257))),
            "embeds[0].author.name must not exceed 256 characters",
        ),
        (Embed(image=EmbedMedia(height=-1)), "embeds[0].image.height must be non-negative"),
        (Embed(thumbnail=EmbedMedia(width=-1)), "embeds[0].thumbnail.width must be non-negative"),
        (
            Embed(video=EmbedMedia(placeholder_version=-1)),
            "embeds[0].video.placeholder_version must be non-negative",
        ),
        (
            Embed(fields=[EmbedField(name="n", value="v")] * 26),
            "embeds[0].fields must not contain more than 25 items",
        ),
        (Embed(fields=[EmbedField(value="v")]), "embeds[0].fields[0].name is required"),
        (
            Embed(fields=[EmbedField(name="n", value="v"), EmbedField(name="n")]),
            "embeds[0].fields[1].value is required",
        ),
        (
            Embed(fields=[EmbedField(name=long(257), value="v")]),
            "embeds[0].fields[0].name must not exceed 256 characters",
        ),
        (
            Embed(fields=[EmbedField(name="n", value=long(1025))]),
            "embeds[0].fields[0].value must not exceed 1024 characters",
        ),
    ],
)
def test_each_limit_has_gochat_text(embed: Embed, message: str) -> None:
    assert refusal([embed]) == message


def test_limits_are_inclusive() -> None:
    validate_embeds(
        [
            Embed(
                type="gifv",
                title=long(256),
                description=long(1000),
                color=16777215,
                footer=EmbedFooter(text=long(500)),
                author=EmbedAuthor(name=long(256)),
                image=EmbedMedia(width=0, height=0, placeholder_version=0, flags=0),
                fields=[EmbedField(name=long(10), value=long(100), inline=True)] * 25,
            )
        ]
    )
    validate_embeds([Embed(description=long(4096)), Embed(footer=EmbedFooter(text=long(1904)))])
    validate_embeds([Embed(fields=[EmbedField(name=long(256), value=long(1024))])])


def test_the_index_names_the_offending_embed() -> None:
    assert refusal([Embed(title="ok"), Embed(title=long(257))]) == (
        "embeds[1].title must not exceed 256 characters"
    )


@pytest.mark.parametrize("kind", ["rich", "image", "video", "gifv", "article", "link", ""])
def test_known_types_pass(kind: str) -> None:
    validate_embeds([Embed(type=kind)])


def test_combined_text_over_6000_is_refused() -> None:
    embed = Embed(
        title=long(200),
        description=long(1000),
        footer=EmbedFooter(text=long(100)),
        author=EmbedAuthor(name=long(50)),
        fields=[EmbedField(name=long(25), value=long(25))],
    )
    # 200 + 1000 + 100 + 50 + 25 + 25 = 1400 per embed; four of them plus 400 is exactly 6000.
    validate_embeds([embed] * 4 + [Embed(description=long(400))])
    assert refusal([embed] * 4 + [Embed(description=long(401))]) == (
        "embeds text must not exceed 6000 characters in total"
    )


def test_combined_text_ignores_urls_and_provider_names() -> None:
    embed = Embed(
        description=long(4096),
        provider=EmbedProvider(name=long(3000)),
        fields=[EmbedField(name="n", value=long(1000))],
    )
    validate_embeds([embed])


def test_per_embed_errors_win_over_the_combined_total() -> None:
    embeds = [Embed(description=long(4096))] * 2 + [Embed(title=long(257))]
    assert refusal(embeds) == "embeds[2].title must not exceed 256 characters"


# URLs


Build = Callable[[str], Embed]

WITH_ATTACHMENT: dict[str, Build] = {
    "url": lambda u: Embed(url=u),
    "author.url": lambda u: Embed(author=EmbedAuthor(name="a", url=u)),
    "provider.url": lambda u: Embed(provider=EmbedProvider(url=u)),
    "image.url": lambda u: Embed(image=EmbedMedia(url=u)),
    "thumbnail.url": lambda u: Embed(thumbnail=EmbedMedia(url=u)),
    "video.url": lambda u: Embed(video=EmbedMedia(url=u)),
}
WEB_ONLY: dict[str, Build] = {
    "footer.icon_url": lambda u: Embed(footer=EmbedFooter(text="f", icon_url=u)),
    "footer.proxy_icon_url": lambda u: Embed(footer=EmbedFooter(text="f", proxy_icon_url=u)),
    "author.icon_url": lambda u: Embed(author=EmbedAuthor(name="a", icon_url=u)),
    "author.proxy_icon_url": lambda u: Embed(author=EmbedAuthor(name="a", proxy_icon_url=u)),
    "image.proxy_url": lambda u: Embed(image=EmbedMedia(proxy_url=u)),
}
EVERY_URL = {**WITH_ATTACHMENT, **WEB_ONLY}


@pytest.mark.parametrize("where", EVERY_URL)
@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com:8080/a%20b?q=%zz#frag",
        "HTTPS://user:pw@Example.com/path",
        "http://[::1]:80/",
        "https://bücher.example/",
    ],
)
def test_web_urls_pass_everywhere(where: str, url: str) -> None:
    validate_embeds([EVERY_URL[where](url)])


@pytest.mark.parametrize("where", WITH_ATTACHMENT)
@pytest.mark.parametrize("url", ["attachment://image.png", "attachment:/image.png"])
def test_attachment_urls_pass_where_a_file_may_be_named(where: str, url: str) -> None:
    validate_embeds([WITH_ATTACHMENT[where](url)])


@pytest.mark.parametrize("where", WEB_ONLY)
def test_attachment_urls_are_refused_for_icons_and_proxies(where: str) -> None:
    embed = WEB_ONLY[where]("attachment://image.png")
    assert refusal([embed]) == f"embeds[0].{where} must be a valid URL"


@pytest.mark.parametrize("where", EVERY_URL)
@pytest.mark.parametrize(
    "url",
    [
        "https://",
        "http:///path",
        "http:example.com",
        "https://user@/",
        "https://exa mple.com/",
        "https://exa\nmple.com/",
        "https://example.com/\x7f",
        "https://example.com/%zz",
        "https://example.com/#%2",
        "https://example.com:port/",
        "https://[::1/",
        "attachment:image.png",
        "attachment://",
    ],
)
def test_malformed_urls_are_refused(where: str, url: str) -> None:
    assert refusal([EVERY_URL[where](url)]) == f"embeds[0].{where} must be a valid URL"


@pytest.mark.parametrize("where", EVERY_URL)
@pytest.mark.parametrize(
    "url", ["ftp://example.com/file", "javascript:alert(1)", "example.com", "//example.com/x"]
)
def test_other_schemes_are_refused(where: str, url: str) -> None:
    assert refusal([EVERY_URL[where](url)]) == (
        f"embeds[0].{where} must use http, https, or attachment scheme"
    )


# Merging for presentation


def texts(raws: list[msgspec.Raw]) -> list[str]:
    return [bytes(raw).decode() for raw in raws]


def test_manual_embeds_come_before_generated_ones() -> None:
    merged = merge_embeds('[{"title":"m1"},{"title":"m2"}]', '[{"title":"g1"}]', False)
    assert texts(merged) == ['{"title":"m1"}', '{"title":"m2"}', '{"title":"g1"}']


def test_suppressed_generated_embeds_are_left_out() -> None:
    assert texts(merge_embeds('[{"title":"m"}]', '[{"title":"g"}]', True)) == ['{"title":"m"}']


def test_merged_embeds_are_capped_at_ten() -> None:
    manual = encode_embeds([Embed(title=f"m{i}") for i in range(7)])
    generated = encode_embeds([Embed(title=f"g{i}") for i in range(5)])
    merged = [
        decode(b"[" + bytes(raw) + b"]")[0].title for raw in merge_embeds(manual, generated, False)
    ]
    assert merged == [*(f"m{i}" for i in range(7)), "g0", "g1", "g2"]


def test_stored_json_passes_through_byte_for_byte() -> None:
    stored = '[ {"title": "spaced",  "color": 0} ]'
    assert texts(merge_embeds(stored, "[]", False)) == ['{"title": "spaced",  "color": 0}']


@pytest.mark.parametrize("column", ["", "  ", "null", "[]", "{not json", '{"title":"x"}'])
def test_empty_or_damaged_columns_count_as_no_embeds(column: str) -> None:
    assert merge_embeds(column, column, False) == []
    assert texts(merge_embeds(column, '[{"title":"g"}]', False)) == ['{"title":"g"}']


def test_merged_embeds_fill_the_message_dto() -> None:
    message = MessageDTO(
        id=1,
        channel_id=2,
        author=UserDTO(id=3, name="n", discriminator="d"),
        content="",
        embeds=merge_embeds('[{"title":"m"}]', '[{"type":"link"}]', False),
        type=0,
    )
    body = msgspec.json.decode(msgspec.json.encode(message))
    assert body["embeds"] == [{"title": "m"}, {"type": "link"}]
    empty = MessageDTO(
        id=1,
        channel_id=2,
        author=UserDTO(id=3, name="n", discriminator="d"),
        content="x",
        embeds=merge_embeds("[]", "[]", False),
        type=0,
    )
    assert "embeds" not in msgspec.json.decode(msgspec.json.encode(empty))
