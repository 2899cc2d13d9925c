"""What the platform answers to malformed, oversized, unknown or unauthenticated requests.

Spec §2.1 (conventions), §3.1 (token validation) and the per-route error columns of §2.4. After
every refused request the stores must be as they were: the owner re-reads the guild's
listings (guilds, channels, roles, members, invites, messages) and compares.
"""

import base64
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from jose import jwt

from tests.http.support import API, Platform, User, expect, json_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

INT64_MAX = 2**63 - 1
BEYOND_INT64 = 2**63
PARSE_ERROR = "unable to parse body"
MALFORMED_JWT = "missing or malformed JWT"
INVALID_JWT = "Invalid or expired JWT"
MIB = 1 << 20


@dataclass(frozen=True)
class World:
    owner: User
    member: User
    guild: int
    general: int
    role: int
    message: int

    def fill(self, template: str) -> str:
        return template.format(
            g=self.guild, c=self.general, r=self.role, m=self.message, u=self.member.id
        )


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def world(platform: Platform) -> World:
    owner = await platform.sign_up("owner")
    member = await platform.sign_up("member")
    guild = await platform.create_guild(owner, "bad-input")
    await platform.join(owner, guild, member)
    general = await platform.channel_named(owner, guild, "general")
    role = await platform.create_role(owner, guild, 0, name="plain")
    sent = json_of(await owner.post(f"/message/channel/{general}", {"content": "first"}))
    return World(owner, member, guild, general, role, int(sent["id"]))


async def snapshot(world: World) -> dict[str, Any]:
    """Everything a bad request could have touched, as the owner and the member see it."""
    reads = {
        "owner guilds": (world.owner, "/user/me/guilds"),
        "member guilds": (world.member, "/user/me/guilds"),
        "guild": (world.owner, "/guild/{g}"),
        "channels": (world.owner, "/guild/{g}/channel"),
        "roles": (world.owner, "/guild/{g}/roles"),
        "members": (world.owner, "/guild/{g}/members"),
        "bans": (world.owner, "/guild/{g}/bans"),
        "invites": (world.owner, "/guild/invites/{g}"),
        "overrides": (world.owner, "/guild/{g}/channel/{c}/roles"),
        "messages": (world.owner, "/message/channel/{c}"),
    }
    seen: dict[str, Any] = {}
    for name, (user, path) in reads.items():
        seen[name] = json_of(await user.get(world.fill(path)))
    return seen


@dataclass(frozen=True)
class Bad:
    """One bad request and its answer: an exact body, or (``prefix``) how the body starts."""

    name: str
    method: str
    path: str
    status: int
    body: str | None = None
    json: Any = None
    content: bytes | None = None
    prefix: str | None = None


def bad(
    name: str,
    method: str,
    path: str,
    status: int,
    body: str | None,
    **kw: Any,
) -> Any:
    return pytest.param(Bad(name, method, path, status, body, **kw), id=name)


# fmt: off
TEXT_CHANNEL = {"type": 0, "private": False, "position": 1}
ROLE = {"color": 0, "permissions": 0}

MALFORMED = [
    bad("truncated json", "POST", "/guild", 400, PARSE_ERROR, content=b'{"name": "x",'),
    bad("not json at all", "POST", "/guild/{g}/channel", 400, PARSE_ERROR, content=b"name=x"),
    bad("empty body", "POST", "/guild/{g}/roles", 400, PARSE_ERROR, content=b""),
    bad("json null", "POST", "/message/channel/{c}", 400, None, prefix=PARSE_ERROR,
        content=b"null"),
    bad("array for object", "PATCH", "/guild/{g}", 400, None, prefix=PARSE_ERROR, json=[]),
    bad("number as guild name", "POST", "/guild", 400, None, prefix=PARSE_ERROR,
        json={"name": 123}),
    bad("string as public flag", "POST", "/guild", 400, None, prefix=PARSE_ERROR,
        json={"name": "valid", "public": "yes"}),
    bad("string as role colour", "POST", "/guild/{g}/roles", 400, None, prefix=PARSE_ERROR,
        json={"name": "role", "color": "red", "permissions": 0}),
    bad("list as message content", "POST", "/message/channel/{c}", 400, None,
        prefix=PARSE_ERROR, json={"content": ["a"]}),
    bad("bare number where a quoted channel id is required", "PATCH",
        "/guild/{g}/channel/order", 400, None, prefix=PARSE_ERROR,
        json={"channels": [{"id": 1, "position": 1}]}),
    bad("bare number where a quoted role id is required", "PATCH", "/guild/{g}/roles/order",
        400, None, prefix=PARSE_ERROR, json={"roles": [{"id": 1, "position": 1}]}),
    bad("string as invite expiry", "POST", "/guild/invites/{g}", 400, None, prefix=PARSE_ERROR,
        json={"expires_in_sec": "soon"}),
    bad("number as ban reason", "POST", "/guild/{g}/member/{u}/ban", 400, None,
        prefix=PARSE_ERROR, json={"reason": 5}),
    bad("string as override mask", "PUT", "/guild/{g}/channel/{c}/roles/{r}", 400, None,
        prefix=PARSE_ERROR, json={"accept": "all", "deny": 0}),
]

TOO_LONG = [
    bad("guild name of 101 characters", "POST", "/guild", 400,
        "name: guild name must be no more than 100 characters.", json={"name": "g" * 101}),
    bad("guild name of 1 character", "POST", "/guild", 400,
        "name: guild name must be at least 2 characters.", json={"name": "g"}),
    bad("guild rename to 101 characters", "PATCH", "/guild/{g}", 400,
        "name: guild name must be no more than 100 characters.", json={"name": "g" * 101}),
    bad("message of 2001 characters", "POST", "/message/channel/{c}", 400,
        "content: the length must be no more than 2000.", json={"content": "m" * 2001}),
    bad("message edit to 2001 characters", "PATCH", "/message/channel/{c}/{m}", 400,
        "content: the length must be no more than 2000.", json={"content": "m" * 2001}),
    bad("role name of 101 characters", "POST", "/guild/{g}/roles", 400,
        "name: role name must be no more than 100 characters.",
        json={"name": "r" * 101, **ROLE}),
    bad("role rename to 101 characters", "PATCH", "/guild/{g}/roles/{r}", 400,
        "name: role name must be no more than 100 characters.", json={"name": "r" * 101}),
    bad("channel name with spaces", "POST", "/guild/{g}/channel", 400,
        "name: channel name must contain only letters, digits, '_' or '-'.",
        json={"name": "has spaces", **TEXT_CHANNEL}),
    bad("channel name of 101 characters", "POST", "/guild/{g}/channel", 400,
        "name: channel name must be no more than 100 characters.",
        json={"name": "c" * 101, **TEXT_CHANNEL}),
    bad("category name with spaces", "POST", "/guild/{g}/category", 400,
        "name: channel name must contain only letters, digits, '_' or '-'.",
        json={"name": "a category", "private": False, "position": 1}),
    bad("channel rename with spaces", "PATCH", "/guild/{g}/channel/{c}", 400,
        "name: channel name must contain only letters, digits, '_' or '-'.",
        json={"name": "bad name"}),
    bad("ban reason of 257 characters", "POST", "/guild/{g}/member/{u}/ban", 400,
        "ban reason must be 256 characters or fewer", json={"reason": "b" * 257}),
    bad("role colour above 0xFFFFFF", "POST", "/guild/{g}/roles", 400,
        "color: must be between 0 and 16777215.",
        json={"name": "role", "color": 16777216, "permissions": 0}),
    bad("negative guild permissions", "PATCH", "/guild/{g}", 400,
        "permissions: must be no less than 0.", json={"permissions": -1}),
]

RULES = [
    bad("history limit 0", "GET", "/message/channel/{c}?limit=0", 400,
        "limit: must be between 1 and 100."),
    bad("history limit 101", "GET", "/message/channel/{c}?limit=101", 400,
        "limit: must be between 1 and 100."),
    bad("history limit not a number", "GET", "/message/channel/{c}?limit=abc", 400, None),
    bad("history direction unknown", "GET", "/message/channel/{c}?direction=sideways", 400,
        "direction: must be a valid value."),
    bad("history after without from", "GET", "/message/channel/{c}?direction=after", 400,
        "from parameter required for after direction"),
    bad("history from negative", "GET", "/message/channel/{c}?from=-1", 400,
        "from: must be no less than 1."),
    bad("empty channel order", "PATCH", "/guild/{g}/channel/order", 400,
        "channels: cannot be blank.", json={"channels": []}),
    bad("empty role order", "PATCH", "/guild/{g}/roles/order", 400, "roles: cannot be blank.",
        json={"roles": []}),
    bad("invite expiry below a minute", "POST", "/guild/invites/{g}", 400,
        "expires_in_sec: must be 0 or between 60 and 2592000.", json={"expires_in_sec": 5}),
    bad("invite without a body", "POST", "/guild/invites/{g}", 400, PARSE_ERROR),
    bad("message without content", "POST", "/message/channel/{c}", 400,
        "content: cannot be blank.", json={"content": ""}),
    bad("message with unknown attachment", "POST", "/message/channel/{c}", 400,
        "invalid attachments", json={"content": "x", "attachments": [123]}),
    bad("channel of DM type", "POST", "/guild/{g}/channel", 400, "type: must be a valid value.",
        json={"name": "dm", "type": 3, "private": False, "position": 0}),
    bad("guild icon id 0", "PATCH", "/guild/{g}", 400, "icon_id: must be no less than 1.",
        json={"icon_id": 0}),
    bad("empty user update", "PATCH", "/user/me", 400,
        "at least one field must be provided for update", json={}),
    bad("user id not a number", "GET", "/user/abc", 400, "invalid user ID format"),
    bad("channel update naming no field", "PATCH", "/guild/{g}/channel/{c}", 304, "", json={}),
]

UNKNOWN_IDS = [
    bad("unknown guild", "GET", "/guild/1", 404, "guild not found"),
    bad("unknown guild on delete", "DELETE", "/guild/1", 404, "guild not found"),
    bad("unknown guild channel", "GET", "/guild/{g}/channel/1", 404, "channel not found"),
    bad("unknown channel on update", "PATCH", "/guild/{g}/channel/1", 404, "channel not found",
        json={"topic": "x"}),
    bad("unknown channel on delete", "DELETE", "/guild/{g}/channel/1", 404, "channel not found"),
    bad("unknown role on update", "PATCH", "/guild/{g}/roles/1", 404, None,
        json={"name": "renamed"}),
    bad("unknown role on assign", "PUT", "/guild/{g}/member/{u}/roles/1", 404, None),
    bad("unknown member's roles", "GET", "/guild/{g}/member/1/roles", 404, "not a member"),
    bad("kick of a non-member", "POST", "/guild/{g}/member/1/kick", 404, "not a member"),
    bad("history of unknown channel", "GET", "/message/channel/1", 404, "channel not found"),
    bad("send to unknown channel", "POST", "/message/channel/1", 404, "channel not found",
        json={"content": "hello"}),
    bad("edit of unknown message", "PATCH", "/message/channel/{c}/1", 404, "message not found",
        json={"content": "x"}),
    bad("delete of unknown message", "DELETE", "/message/channel/{c}/1", 404,
        "message not found"),
    bad("preview of unknown invite", "GET", "/guild/invites/receive/ZZZZZZZZ", 404,
        "invite not found"),
    bad("accept of unknown invite", "POST", "/guild/invites/accept/ZZZZZZZZ", 404,
        "invite not found"),
    bad("invite code of wrong length", "GET", "/guild/invites/receive/ABC", 400,
        "invalid invite code"),
    bad("unknown user", "GET", "/user/1", 404, "unable to get user"),
]

NON_NUMERIC = [
    bad("letters as guild id", "GET", "/guild/abc", 404, f"Cannot GET {API}/guild/abc"),
    bad("letters as channel id", "PATCH", "/guild/{g}/channel/abc", 404, None,
        prefix="Cannot PATCH /api/v1/guild/", json={"topic": "x"}),
    bad("letters as message id", "DELETE", "/message/channel/{c}/xyz", 404, None,
        prefix="Cannot DELETE /api/v1/message/channel/"),
    bad("digits then letters", "GET", "/message/channel/12ab", 404,
        f"Cannot GET {API}/message/channel/12ab"),
    bad("letters as role id", "DELETE", "/guild/{g}/roles/first", 404, None,
        prefix="Cannot DELETE /api/v1/guild/"),
    bad("letters as guild id of invites", "GET", "/guild/invites/abc", 404,
        f"Cannot GET {API}/guild/invites/abc"),
    bad("decimal guild id", "GET", "/guild/1.5", 404, f"Cannot GET {API}/guild/1.5"),
    bad("negative guild id", "GET", "/guild/-5", 404, None),
]

BEYOND = str(BEYOND_INT64)
HUGE = "9" * 30

OUT_OF_RANGE = [
    bad("guild id beyond int64", "GET", f"/guild/{BEYOND}", 404,
        f"Cannot GET {API}/guild/{BEYOND}"),
    bad("30-digit guild id", "GET", f"/guild/{HUGE}", 404, f"Cannot GET {API}/guild/{HUGE}"),
    bad("channel id beyond int64", "GET", f"/message/channel/{BEYOND}", 404,
        f"Cannot GET {API}/message/channel/{BEYOND}"),
    bad("role id beyond int64", "DELETE", f"/guild/{{g}}/roles/{BEYOND}", 404, None,
        prefix=f"Cannot DELETE {API}/guild/"),
    bad("message id beyond int64", "DELETE", f"/message/channel/{{c}}/{BEYOND}", 404, None,
        prefix=f"Cannot DELETE {API}/message/channel/"),
    bad("member id beyond int64", "POST", f"/guild/{{g}}/member/{HUGE}/kick", 404, None,
        prefix=f"Cannot POST {API}/guild/"),
    bad("largest int64 guild id", "GET", f"/guild/{INT64_MAX}", 404, "guild not found"),
    bad("icon id beyond int64", "POST", "/guild", 400, None, prefix=PARSE_ERROR,
        json={"name": "valid", "icon_id": BEYOND_INT64}),
    bad("permissions beyond int64", "PATCH", "/guild/{g}", 400, None, prefix=PARSE_ERROR,
        json={"permissions": BEYOND_INT64}),
    bad("parent id beyond int64", "POST", "/guild/{g}/channel", 400, None, prefix=PARSE_ERROR,
        json={"name": "thread", "type": 5, "private": False, "position": 1,
              "parent_id": BEYOND_INT64}),
    bad("quoted channel id beyond int64", "PATCH", "/guild/{g}/channel/order", 400, None,
        prefix=PARSE_ERROR, json={"channels": [{"id": HUGE, "position": 1}]}),
    bad("quoted role id beyond int64", "PATCH", "/guild/{g}/roles/order", 400, None,
        prefix=PARSE_ERROR, json={"roles": [{"id": BEYOND, "position": 1}]}),
    bad("attachment id beyond int64", "POST", "/message/channel/{c}", 400, None,
        prefix=PARSE_ERROR, json={"content": "x", "attachments": [BEYOND_INT64]}),
    bad("quoted attachment id beyond int64", "POST", "/message/channel/{c}", 400, None,
        prefix=PARSE_ERROR, json={"content": "x", "attachments": [HUGE]}),
    bad("recipient id beyond int64", "POST", "/user/me/channels", 400, None, prefix=PARSE_ERROR,
        json={"recipient_id": BEYOND_INT64}),
    bad("group DM recipient beyond int64", "POST", "/user/me/channels/group", 400, None,
        prefix=PARSE_ERROR, json={"recipients_id": [BEYOND_INT64]}),
    bad("message flags beyond int64", "PATCH", "/message/channel/{c}/{m}", 400, None,
        prefix=PARSE_ERROR, json={"flags": BEYOND_INT64}),
    bad("role position beyond int64", "PATCH", "/guild/{g}/roles/order", 400, None,
        prefix=PARSE_ERROR, json={"roles": [{"id": "{r}", "position": BEYOND_INT64}]}),
    bad("channel position beyond int64", "PATCH", "/guild/{g}/channel/order", 400, None,
        prefix=PARSE_ERROR, json={"channels": [{"id": "{c}", "position": BEYOND_INT64}]}),
    bad("history from beyond int64", "GET", f"/message/channel/{{c}}?from={BEYOND}", 400, None),
    bad("role permissions beyond int64", "POST", "/guild/{g}/roles", 400, None,
        prefix=PARSE_ERROR, json={"name": "role", "color": 0, "permissions": BEYOND_INT64}),
]

TOO_BIG = [
    bad("message body over 1 MiB", "POST", "/message/channel/{c}", 413, None,
        content=b'{"content": "' + b"x" * MIB + b'"}'),
    bad("guild body over 1 MiB", "POST", "/guild", 413, None,
        content=b'{"name": "big", "padding": "' + b"x" * (2 * MIB) + b'"}'),
]
# fmt: on


def filled(world: World, value: Any) -> Any:
    """``value`` with ``"{c}"``-style strings replaced by the world's ids (as strings)."""
    if isinstance(value, dict):
        return {key: filled(world, item) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(world, item) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return world.fill(value)
    return value


@pytest.mark.parametrize(
    "case", [*MALFORMED, *TOO_LONG, *RULES, *UNKNOWN_IDS, *NON_NUMERIC, *OUT_OF_RANGE, *TOO_BIG]
)
async def test_bad_request_is_refused_and_changes_nothing(world: World, case: Bad) -> None:
    before = await snapshot(world)
    headers = {"Content-Type": "application/json"} if case.content is not None else None
    response = await world.owner.call(
        case.method,
        world.fill(case.path),
        json=filled(world, case.json),
        content=case.content,
        headers=headers,
    )
    expect(response, case.status, case.body)
    if case.prefix is not None:
        assert response.text.startswith(case.prefix), response.text
    if response.content:
        assert response.headers["content-type"].startswith("text/plain")
    assert await snapshot(world) == before


# --- authentication (spec §2.1, §3.1) -----------------------------------------------------


def claims(user_id: int, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "typ": "access",
        "user_id": user_id,
        "iss": "gochat",
        "aud": ["api"],
        "iat": now,
        "exp": now + 900,
    }
    return {**base, **changes}


def unsigned(payload: dict[str, Any]) -> str:
    """An ``alg: none`` token: header and payload, empty signature."""

    def part(value: dict[str, Any]) -> str:
        raw = json.dumps(value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


def tokens(platform: Platform, world: World) -> dict[str, tuple[str, int, str]]:
    """Authorization header values and what each must get: status and text."""
    secret = platform.secret
    me = world.owner.id

    def signed(**changes: Any) -> str:
        return jwt.encode(claims(me, **changes), secret, algorithm="HS256")

    now = int(time.time())
    forged = jwt.encode(claims(me), "not-the-secret", algorithm="HS256")
    valid = signed()
    tampered = valid[:-4] + ("AAAA" if not valid.endswith("AAAA") else "BBBB")
    return {
        "no header": ("", 400, MALFORMED_JWT),
        "basic scheme": ("Basic b3duZXI6cGFzcw==", 400, MALFORMED_JWT),
        "bearer without token": ("Bearer ", 400, MALFORMED_JWT),
        "token without scheme": (valid, 400, MALFORMED_JWT),
        "garbage token": ("Bearer not.a.jwt", 401, INVALID_JWT),
        "forged signature": (f"Bearer {forged}", 401, INVALID_JWT),
        "tampered signature": (f"Bearer {tampered}", 401, INVALID_JWT),
        "alg none": (f"Bearer {unsigned(claims(me))}", 401, INVALID_JWT),
        "expired": (f"Bearer {signed(iat=now - 3600, exp=now - 60)}", 401, INVALID_JWT),
        "wrong audience": (f"Bearer {signed(aud=['refresh'])}", 401, "wrong audience"),
        "refresh token as access": (
            f"Bearer {world.owner.refresh_token}",
            401,
            "wrong token type",
        ),
        "sfu token as access": (
            f"Bearer {signed(typ='sfu', aud=['sfu'])}",
            401,
            "wrong token type",
        ),
    }


TOKEN_CASES = [
    "no header",
    "basic scheme",
    "bearer without token",
    "token without scheme",
    "garbage token",
    "forged signature",
    "tampered signature",
    "alg none",
    "expired",
    "wrong audience",
    "refresh token as access",
    "sfu token as access",
]

Route = tuple[str, str, Any]
GUARDED: list[Route] = [
    ("GET", "/guild/{g}", None),
    ("POST", "/guild", {"name": "sneaky"}),
    ("POST", "/message/channel/{c}", {"content": "sneaky"}),
    ("DELETE", "/guild/{g}", None),
]


@pytest.mark.parametrize("route", GUARDED, ids=[f"{m} {p}" for m, p, _ in GUARDED])
@pytest.mark.parametrize("token_case", TOKEN_CASES)
async def test_bad_credentials_are_refused_and_change_nothing(
    platform: Platform, world: World, token_case: str, route: Route
) -> None:
    method, path, body = route
    header, status, text = tokens(platform, world)[token_case]
    before = await snapshot(world)
    headers = {"Authorization": header} if header else {}
    response = await platform.http.request(
        method, API + world.fill(path), json=body, headers=headers
    )
    expect(response, status, text)
    assert await snapshot(world) == before


async def test_a_valid_handmade_token_is_accepted(platform: Platform, world: World) -> None:
    """The forged-token cases above fail for their flaw alone, not for how they were made."""
    token = jwt.encode(claims(world.owner.id), platform.secret, algorithm="HS256")
    response = await platform.http.get(
        API + world.fill("/guild/{g}"), headers={"Authorization": f"Bearer {token}"}
    )
    assert json_of(response)["id"] == world.guild


async def test_access_token_cannot_refresh(platform: Platform, world: World) -> None:
    response = await platform.http.get(
        API + "/auth/refresh", headers={"Authorization": f"Bearer {world.owner.token}"}
    )
    expect(response, 401, "wrong token type")


@pytest.mark.parametrize(
    ("header", "status", "text"),
    [
        ("", 400, MALFORMED_JWT),
        ("Bearer garbage", 401, INVALID_JWT),
    ],
    ids=["no header", "garbage"],
)
async def test_refresh_refuses_bad_tokens(
    platform: Platform, header: str, status: int, text: str
) -> None:
    headers = {"Authorization": header} if header else {}
    response = await platform.http.get(API + "/auth/refresh", headers=headers)
    expect(response, status, text)


async def test_expired_refresh_token_cannot_refresh(platform: Platform, world: World) -> None:
    now = int(time.time())
    stale = claims(
        world.owner.id, typ="refresh", aud=["refresh"], iat=now - 7200, exp=now - 60, jti="0" * 32
    )
    token = jwt.encode(stale, platform.secret, algorithm="HS256")
    response = await platform.http.get(
        API + "/auth/refresh", headers={"Authorization": f"Bearer {token}"}
    )
    expect(response, 401, INVALID_JWT)


# --- idempotency (spec §2.1; Parley answers 400 where GoChat answered 500) ----------------


@pytest.mark.parametrize("length", [0, 1, 35, 37, 64])
async def test_idempotency_key_of_wrong_length_is_refused(world: World, length: int) -> None:
    before = await snapshot(world)
    response = await world.owner.post(
        "/guild", {"name": "keyed"}, headers={"X-Idempotency-Key": "k" * length}
    )
    expect(response, 400, f"invalid idempotency key: invalid length: {length} != 36")
    assert await snapshot(world) == before


async def my_guild_ids(user: User) -> list[int]:
    return sorted(g["id"] for g in json_of(await user.get("/user/me/guilds")))


async def test_repeated_idempotency_key_replays_without_creating_twice(world: World) -> None:
    key = str(uuid.uuid4())
    headers = {"X-Idempotency-Key": key}
    before = await my_guild_ids(world.owner)

    first = await world.owner.post("/guild", {"name": "once"}, headers=headers)
    second = await world.owner.post("/guild", {"name": "once"}, headers=headers)

    created = json_of(first)
    assert "x-idempotency-replayed" not in first.headers
    expect(second, 200)
    assert second.headers["x-idempotency-replayed"] == "true"
    assert second.json() == created
    assert second.headers["content-type"].startswith("application/json")
    assert await my_guild_ids(world.owner) == sorted([*before, created["id"]])


async def test_replayed_refusal_stays_a_refusal(world: World) -> None:
    """A stored 4xx is replayed as it was; the request is not run a second time."""
    headers = {"X-Idempotency-Key": str(uuid.uuid4())}
    path = f"/guild/{world.guild}/roles"
    first = await world.member.post(path, {"name": "nope", **ROLE}, headers=headers)
    second = await world.member.post(path, {"name": "nope", **ROLE}, headers=headers)
    expect(first, 406, "permissions required")
    expect(second, 406, "permissions required")
    assert second.headers["x-idempotency-replayed"] == "true"


async def test_idempotency_keys_are_per_user(world: World) -> None:
    """Another user's request with the same key runs for real (GoChat shared keys)."""
    key = str(uuid.uuid4())
    headers = {"X-Idempotency-Key": key}
    mine = json_of(await world.owner.post("/guild", {"name": "owner-keyed"}, headers=headers))
    theirs = await world.member.post("/guild", {"name": "member-keyed"}, headers=headers)
    assert "x-idempotency-replayed" not in theirs.headers
    created = json_of(theirs)
    assert created["id"] != mine["id"]
    assert created["owner"] == world.member.id


async def test_idempotency_key_is_ignored_on_safe_methods(world: World) -> None:
    headers = {"X-Idempotency-Key": "short"}
    response = await world.owner.get(world.fill("/guild/{g}"), headers=headers)
    assert json_of(response)["id"] == world.guild


# --- rate limiting (spec §2.1) ------------------------------------------------------------
# The limited app allows 3 requests per client and route per 60 s window, auth routes included
# (per address), so its users are signed up once, here.


@dataclass(frozen=True)
class Limited:
    first: User
    second: User
    guild: int


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def limited(limited_platform: Platform) -> Limited:
    first = await limited_platform.sign_up("first")
    second = await limited_platform.sign_up("second")
    guild = await limited_platform.create_guild(first, "limited")
    return Limited(first, second, guild)


async def test_fourth_request_in_the_window_is_refused_with_rate_limit_headers(
    limited: Limited,
) -> None:
    path = f"/guild/{limited.guild}"
    remaining = []
    for _ in range(3):
        response = await limited.first.get(path)
        expect(response, 200)
        assert response.headers["x-ratelimit-limit"] == "3"
        remaining.append(int(response.headers["x-ratelimit-remaining"]))
    assert remaining == [2, 1, 0]

    refused = await limited.first.get(path)

    expect(refused, 429, "Too Many Requests")
    assert refused.headers["x-ratelimit-limit"] == "3"
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert 0 < int(refused.headers["x-ratelimit-reset"]) <= 60
    assert 0 < int(refused.headers["retry-after"]) <= 60


async def test_rate_limited_write_changes_nothing(limited: Limited) -> None:
    path = f"/guild/{limited.guild}/roles"
    for n in range(3):
        body = {"name": f"role-{n}", "color": 0, "permissions": 0}
        expect(await limited.first.post(path, body), 201)

    refused = await limited.first.post(path, {"name": "role-3", "color": 0, "permissions": 0})

    expect(refused, 429, "Too Many Requests")
    assert "retry-after" in refused.headers
    roles = json_of(await limited.first.get(path))
    assert sorted(r["name"] for r in roles) == ["role-0", "role-1", "role-2"]


async def test_rate_limit_is_counted_per_user(limited: Limited) -> None:
    for _ in range(3):
        expect(await limited.first.get("/user/me"), 200)
    expect(await limited.first.get("/user/me"), 429, "Too Many Requests")
    expect(await limited.second.get("/user/me"), 200)
