"""Ids of another guild smuggled into routes of a guild the actor fully controls.

The actor owns guild A (every permission there) and is not a member of guild B. Every route
that takes a channel, role, invite, message or member id must act on A's own only: B's ids are
refused (or, where GoChat ignores foreign ids, ignored) and B stays exactly as it was.
"""

from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from tests.http.support import VIEW_CHANNELS, Platform, User, expect, json_of

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class Side:
    owner: User
    guild: int
    general: int
    role: int
    invite: int
    message: int


@dataclass(frozen=True)
class Two:
    a: Side
    b: Side
    a_member: User

    def fill(self, template: str) -> str:
        a, b = self.a, self.b
        return template.format(
            a=a.guild,
            a_general=a.general,
            a_role=a.role,
            a_member=self.a_member.id,
            b=b.guild,
            b_general=b.general,
            b_role=b.role,
            b_invite=b.invite,
            b_message=b.message,
            b_owner=b.owner.id,
        )


async def side(platform: Platform, owner: User) -> Side:
    guild = await platform.create_guild(owner, "side")
    general = await platform.channel_named(owner, guild, "general")
    role = await platform.create_role(owner, guild, 0, name="side-role")
    path = f"/guild/{guild}/channel/{general}/roles/{role}"
    expect(await owner.put(path, {"accept": VIEW_CHANNELS, "deny": 0}), 200, "OK")
    invite = json_of(await owner.post(f"/guild/invites/{guild}", {}), 201)
    sent = json_of(await owner.post(f"/message/channel/{general}", {"content": "b's"}))
    return Side(owner, guild, general, role, int(invite["id"]), int(sent["id"]))


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def two(platform: Platform) -> Two:
    a_owner = await platform.sign_up("aowner")
    a_member = await platform.sign_up("amember")
    b_owner = await platform.sign_up("bowner")
    a = await side(platform, a_owner)
    await platform.join(a_owner, a.guild, a_member)
    return Two(a=a, b=await side(platform, b_owner), a_member=a_member)


async def guild_b(two: Two) -> dict[str, Any]:
    """Guild B as its owner sees it."""
    owner = two.b.owner
    paths = {
        "guild": "/guild/{b}",
        "channels": "/guild/{b}/channel",
        "roles": "/guild/{b}/roles",
        "members": "/guild/{b}/members",
        "invites": "/guild/invites/{b}",
        "overrides": "/guild/{b}/channel/{b_general}/roles",
        "messages": "/message/channel/{b_general}",
    }
    return {name: json_of(await owner.get(two.fill(path))) for name, path in paths.items()}


def case(
    name: str, method: str, path: str, status: int, body: str | None, *, json: Any = None
) -> Any:
    return pytest.param((method, path, status, body, json), id=name)


NOT_IN_GUILD = "role does not belong to this guild"

# fmt: off
CASES = [
    case("reorder B's channel", "PATCH", "/guild/{a}/channel/order", 200, "OK",
         json={"channels": [{"id": "{b_general}", "position": 9}]}),
    case("reorder B's role", "PATCH", "/guild/{a}/roles/order", 200, "OK",
         json={"roles": [{"id": "{b_role}", "position": 9}]}),
    case("rename B's role", "PATCH", "/guild/{a}/roles/{b_role}", 400, NOT_IN_GUILD,
         json={"name": "stolen"}),
    case("delete B's role", "DELETE", "/guild/{a}/roles/{b_role}", 400, NOT_IN_GUILD),
    case("assign B's role", "PUT", "/guild/{a}/member/{a_member}/roles/{b_role}", 400,
         NOT_IN_GUILD),
    case("unassign B's role", "DELETE", "/guild/{a}/member/{a_member}/roles/{b_role}", 400,
         NOT_IN_GUILD),
    case("update B's channel", "PATCH", "/guild/{a}/channel/{b_general}", 404,
         "channel not found", json={"topic": "stolen"}),
    case("delete B's channel", "DELETE", "/guild/{a}/channel/{b_general}", 404,
         "channel not found"),
    case("get B's channel", "GET", "/guild/{a}/channel/{b_general}", 404, "channel not found"),
    case("list overrides of B's channel", "GET", "/guild/{a}/channel/{b_general}/roles", 404,
         "channel not found"),
    case("override on B's channel", "PUT", "/guild/{a}/channel/{b_general}/roles/{a_role}", 404,
         None, json={"accept": 1, "deny": 0}),
    case("override with B's role", "PUT", "/guild/{a}/channel/{a_general}/roles/{b_role}", 404,
         NOT_IN_GUILD, json={"accept": 1, "deny": 0}),
    case("delete B's override", "DELETE", "/guild/{a}/channel/{b_general}/roles/{b_role}", 404,
         None),
    case("system channel in B", "POST", "/guild/{a}", 404, "unable to get channel",
         json={"channel_id": "{b_general}"}),
    case("thread under B's channel", "POST", "/guild/{a}/channel", 404, "channel not found",
         json={"name": "thread", "type": 5, "parent_id": "{b_general}", "private": False,
              "position": 1}),
    case("delete B's invite", "DELETE", "/guild/invites/{a}/{b_invite}", 204, ""),
    case("kick B's owner", "POST", "/guild/{a}/member/{b_owner}/kick", 404, "not a member"),
    case("delete B's message", "DELETE", "/message/channel/{b_general}/{b_message}", 403,
         "permissions required"),
    case("edit B's message", "PATCH", "/message/channel/{b_general}/{b_message}", 403,
         "permissions required", json={"content": "stolen"}),
]
# fmt: on


def filled(two: Two, value: Any) -> Any:
    """The body with ``"{b_general}"``-style placeholders replaced (ids as JSON numbers,
    except where the template quotes them inside an ``id`` field of an order list)."""
    if isinstance(value, dict):
        return {
            key: (two.fill(item) if key == "id" else filled(two, item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [filled(two, item) for item in value]
    if isinstance(value, str) and value.startswith("{"):
        return int(two.fill(value))
    return value


@pytest.mark.parametrize("request_case", CASES)
async def test_foreign_id_never_reaches_the_other_guild(
    two: Two, request_case: tuple[str, str, int, str | None, Any]
) -> None:
    method, path, status, body, payload = request_case
    before = await guild_b(two)

    response = await two.a.owner.call(method, two.fill(path), json=filled(two, payload))

    expect(response, status, body)
    assert await guild_b(two) == before
