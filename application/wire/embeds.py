"""Message embeds (spec §13.7): GoChat's Discord-like shape and the limits it enforces.

Every field is optional and omitted when empty, as Go's ``omitempty`` does. Numbers Go holds as
pointers (``color``, media sizes, ``placeholder_version``, ``flags``, ``inline``) are ``None`` when
absent, so an explicit ``0``/``false`` survives a round trip. Field ``name``/``value`` default to
"" only so that a missing one is reported with GoChat's "is required" text rather than as a parse
error; a valid field always carries both.

Manual embeds are stored in ``messages.embeds`` and generated ones in ``messages.auto_embeds``,
both as JSON arrays; clients always receive the two merged (``merge_embeds``).
"""

import re
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

import msgspec

from application.errors import Invalid

MAX_EMBEDS = 10
MAX_FIELDS = 25
MAX_TOTAL_TEXT = 6000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FOOTER_TEXT = 2048
MAX_AUTHOR_NAME = 256
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_COLOR = 0xFFFFFF
TYPES = ("rich", "image", "video", "gifv", "article", "link")


class EmbedFooter(msgspec.Struct, kw_only=True, omit_defaults=True):
    text: str = ""
    icon_url: str = ""
    proxy_icon_url: str = ""


class EmbedMedia(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An image, thumbnail or video block."""

    url: str = ""
    proxy_url: str = ""
    height: int | None = None
    width: int | None = None
    content_type: str = ""
    placeholder: str = ""
    placeholder_version: int | None = None
    flags: int | None = None


class EmbedProvider(msgspec.Struct, kw_only=True, omit_defaults=True):
    name: str = ""
    url: str = ""


class EmbedAuthor(msgspec.Struct, kw_only=True, omit_defaults=True):
    name: str = ""
    url: str = ""
    icon_url: str = ""
    proxy_icon_url: str = ""


class EmbedField(msgspec.Struct, kw_only=True, omit_defaults=True):
    name: str = ""
    value: str = ""
    inline: bool | None = None


class Embed(msgspec.Struct, kw_only=True, omit_defaults=True):
    title: str = ""
    type: str = ""
    description: str = ""
    url: str = ""
    timestamp: Annotated[datetime, msgspec.Meta(tz=True)] | None = None
    color: int | None = None
    footer: EmbedFooter | None = None
    image: EmbedMedia | None = None
    thumbnail: EmbedMedia | None = None
    video: EmbedMedia | None = None
    provider: EmbedProvider | None = None
    author: EmbedAuthor | None = None
    fields: list[EmbedField] = msgspec.field(default_factory=list)


def validate_embeds(embeds: list[Embed]) -> None:
    """Raise ``Invalid`` with GoChat's text for the first broken limit, in GoChat's order.

    Each embed is checked field by field; the combined text limit is checked only once every
    embed passed on its own, as GoChat does, so the reported error is the same one.
    """
    if len(embeds) > MAX_EMBEDS:
        raise Invalid(f"embeds must not contain more than {MAX_EMBEDS} items")
    total = sum(_check_embed(f"embeds[{index}]", embed) for index, embed in enumerate(embeds))
    if total > MAX_TOTAL_TEXT:
        raise Invalid(f"embeds text must not exceed {MAX_TOTAL_TEXT} characters in total")


def encode_embeds(embeds: list[Embed]) -> str:
    """The JSON stored in a message's embed column; "[]" when there are none."""
    return msgspec.json.encode(embeds).decode() if embeds else "[]"


def merge_embeds(manual_json: str, generated_json: str, suppress: bool) -> list[msgspec.Raw]:
    """What clients see: manual embeds, then generated ones unless suppressed, at most 10.

    Stored embeds were validated when written, so they pass through as raw JSON untouched. A
    column that does not hold a JSON array counts as empty: one damaged row must not make a
    channel's history unreadable.
    """
    merged = _stored(manual_json)
    if not suppress:
        merged += _stored(generated_json)
    return merged[:MAX_EMBEDS]


def _stored(column: str) -> list[msgspec.Raw]:
    text = column.strip()
    if text in ("", "null"):
        return []
    try:
        return msgspec.json.decode(text, type=list[msgspec.Raw])
    except msgspec.DecodeError:
        return []


def _check_embed(prefix: str, embed: Embed) -> int:
    """Check one embed and return how much text it adds to the message total."""
    if embed.type and embed.type not in TYPES:
        raise Invalid(f"{prefix}.type must be one of {', '.join(TYPES)}")
    _check_length(f"{prefix}.title", embed.title, MAX_TITLE)
    _check_length(f"{prefix}.description", embed.description, MAX_DESCRIPTION)
    _check_url(f"{prefix}.url", embed.url, attachment_ok=True)
    if embed.color is not None and not 0 <= embed.color <= MAX_COLOR:
        raise Invalid(f"{prefix}.color must be between 0 and {MAX_COLOR}")
    text = len(embed.title) + len(embed.description)
    if embed.footer is not None:
        text += _check_footer(f"{prefix}.footer", embed.footer)
    if embed.author is not None:
        text += _check_author(f"{prefix}.author", embed.author)
    for name, media in (
        ("image", embed.image),
        ("thumbnail", embed.thumbnail),
        ("video", embed.video),
    ):
        _check_media(f"{prefix}.{name}", media)
    if embed.provider is not None:
        _check_url(f"{prefix}.provider.url", embed.provider.url, attachment_ok=True)
    return text + _check_fields(prefix, embed.fields)


def _check_footer(prefix: str, footer: EmbedFooter) -> int:
    if not footer.text:
        raise Invalid(f"{prefix}.text is required when footer is set")
    _check_length(f"{prefix}.text", footer.text, MAX_FOOTER_TEXT)
    _check_url(f"{prefix}.icon_url", footer.icon_url, attachment_ok=False)
    _check_url(f"{prefix}.proxy_icon_url", footer.proxy_icon_url, attachment_ok=False)
    return len(footer.text)


def _check_author(prefix: str, author: EmbedAuthor) -> int:
    if not author.name:
        raise Invalid(f"{prefix}.name is required when author is set")
    _check_length(f"{prefix}.name", author.name, MAX_AUTHOR_NAME)
    _check_url(f"{prefix}.url", author.url, attachment_ok=True)
    _check_url(f"{prefix}.icon_url", author.icon_url, attachment_ok=False)
    _check_url(f"{prefix}.proxy_icon_url", author.proxy_icon_url, attachment_ok=False)
    return len(author.name)


def _check_media(prefix: str, media: EmbedMedia | None) -> None:
    if media is None:
        return
    _check_url(f"{prefix}.url", media.url, attachment_ok=True)
    _check_url(f"{prefix}.proxy_url", media.proxy_url, attachment_ok=False)
    numbers = (
        ("height", media.height),
        ("width", media.width),
        ("placeholder_version", media.placeholder_version),
        ("flags", media.flags),
    )
    for name, number in numbers:
        if number is not None and number < 0:
            raise Invalid(f"{prefix}.{name} must be non-negative")


def _check_fields(prefix: str, fields: list[EmbedField]) -> int:
    if len(fields) > MAX_FIELDS:
        raise Invalid(f"{prefix}.fields must not contain more than {MAX_FIELDS} items")
    text = 0
    for index, field in enumerate(fields):
        where = f"{prefix}.fields[{index}]"
        if not field.name:
            raise Invalid(f"{where}.name is required")
        if not field.value:
            raise Invalid(f"{where}.value is required")
        _check_length(f"{where}.name", field.name, MAX_FIELD_NAME)
        _check_length(f"{where}.value", field.value, MAX_FIELD_VALUE)
        text += len(field.name) + len(field.value)
    return text


def _check_length(where: str, value: str, limit: int) -> None:
    # len() counts code points, which is what Go's utf8.RuneCountInString counts.
    if len(value) > limit:
        raise Invalid(f"{where} must not exceed {limit} characters")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_BAD_HOST_CHAR = re.compile(r"[ \\^`{|}]")


def _check_url(where: str, value: str, *, attachment_ok: bool) -> None:
    """http(s) with a host; ``attachment:`` only where a message's own file may be named.

    Icons and proxy URLs are fetched by clients, so they must be real web addresses. The checks
    mirror what Go's ``url.Parse`` refuses (control characters, bad escapes outside the query,
    bad host characters) because Python's ``urlsplit`` would quietly accept or repair them.
    """
    if not value:
        return
    invalid = Invalid(f"{where} must be a valid URL")
    if _CONTROL.search(value):
        raise invalid
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - parsing the port is what validates it
    except ValueError:
        raise invalid from None
    host = parts.netloc.rpartition("@")[2]
    if _BAD_ESCAPE.search(parts.netloc + parts.path + parts.fragment) or _BAD_HOST_CHAR.search(
        host
    ):
        raise invalid
    if parts.scheme in ("http", "https"):
        if not host:
            raise invalid
    elif parts.scheme == "attachment":
        # Go reads "attachment:name" as opaque (no host, no path) and refuses it.
        if not attachment_ok or not (host or parts.path.startswith("/")):
            raise invalid
    else:
        raise Invalid(f"{where} must use http, https, or attachment scheme")
