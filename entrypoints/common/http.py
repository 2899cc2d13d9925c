"""HTTP helpers every service shares: body decoding, GoChat's bare-status replies, id types."""

from typing import Annotated, Any, TypeVar

import msgspec
from litestar import Request, Response
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_201_CREATED,
    HTTP_202_ACCEPTED,
    HTTP_204_NO_CONTENT,
)

from application.errors import Invalid
from domain.ids import MAX_ID

TEXT = "text/plain"

Id = Annotated[int, msgspec.Meta(gt=0, le=MAX_ID)]
"""A snowflake a client may send: positive and within int64."""

OptionalId = Annotated[int, msgspec.Meta(ge=0, le=MAX_ID)]

QuotedId = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,19}$")]
"""An id GoChat requires as a JSON string (``"123"``); a bare number is rejected."""

LenientId = int | str
"""GoChat's StringInt64: a number or a numeric string; convert with ``lenient_id``."""

Int64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
"""Go's ``int64``: a larger number fails to parse (400), as it does in GoChat."""

T = TypeVar("T")

PARSE_ERROR = "unable to parse body"
INT64_MIN = -MAX_ID - 1


def parse_quoted_id(value: str) -> int:
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise Invalid(PARSE_ERROR)
    return number


def lenient_id(value: int | str) -> int:
    """Accept ``123`` or ``"123"`` as GoChat's StringInt64 does."""
    if isinstance(value, str):
        if not value.isdigit():
            raise Invalid(PARSE_ERROR)
        value = int(value)
    if not 0 < value <= MAX_ID:
        raise Invalid(PARSE_ERROR)
    return value


def decode(body: bytes, kind: type[T], *, allow_empty: bool = False) -> T:
    """Decode a JSON body into ``kind``; malformed or mistyped input is a 400 with GoChat's text.

    An empty body counts as ``{}`` only where GoChat tolerates it (``allow_empty``).
    """
    if not body.strip():
        if not allow_empty:
            raise Invalid(PARSE_ERROR)
        body = b"{}"
    try:
        value = msgspec.json.decode(body, type=kind)
    except msgspec.ValidationError as error:
        raise Invalid(f"{PARSE_ERROR}: {error}") from None
    except msgspec.DecodeError:
        raise Invalid(PARSE_ERROR) from None
    if not fits_int64(value):
        raise Invalid(f"{PARSE_ERROR}: integer out of range")
    return value


def fits_int64(value: object) -> bool:
    """True when every integer inside a decoded body fits int64, as Go's decoder demands.

    msgspec accepts integers up to uint64 for ``int`` fields; checking once here keeps every
    use case and store safe from values no column can hold, whatever the body's shape.
    """
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return INT64_MIN <= value <= MAX_ID
    if isinstance(value, msgspec.Struct):
        return all(fits_int64(getattr(value, name)) for name in value.__struct_fields__)
    if isinstance(value, list | tuple):
        return all(fits_int64(item) for item in value)
    if isinstance(value, dict):
        return all(fits_int64(item) for item in value.values())
    return True


async def read_body(
    request: Request[Any, Any, Any], kind: type[T], *, allow_empty: bool = False
) -> T:
    return decode(await request.body(), kind, allow_empty=allow_empty)


def text(body: str, status: int) -> Response[str]:
    return Response(body, status_code=status, media_type=TEXT)


def ok() -> Response[str]:
    return text("OK", HTTP_200_OK)


def created() -> Response[str]:
    return text("Created", HTTP_201_CREATED)


def accepted() -> Response[str]:
    return text("Accepted", HTTP_202_ACCEPTED)


def no_content() -> Response[None]:
    return Response(None, status_code=HTTP_204_NO_CONTENT)
