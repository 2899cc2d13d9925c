"""Who may call each guild, channel, role, member, invite and message route (spec §2.4.3-§2.4.8).

One row per operation and actor. Every test stages a fresh guild whose everyone mask is 0, so a
plain member holds no permission at all, and four (sometimes five) actors:

* ``outsider`` - signed in, not a member. GoChat let them through wherever only ``GuildPerm``
  or ``ChannelPerm`` guarded a route (§17 item 16); Parley answers the route's refusal.
* ``member`` - a member without any role.
* ``granted`` - a member holding a role with exactly the permission the route needs.
* ``owner`` - the guild's owner, who passes every permission check.
* ``author`` - for message edit and delete: the member who wrote the message.

A refused write must change nothing: each operation names the listings that show its effect,
the owner reads them before and after, and they must be equal after a refusal and differ after
a successful write.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio

from tests.http.support import (
    ADMINISTRATOR,
    ATTACH_FILES,
    BAN_MEMBERS,
    CREATE_INVITE,
    KICK_MEMBERS,
    MANAGE_CHANNELS,
    MANAGE_MESSAGES,
    MANAGE_ROLES,
    MANAGE_SERVER,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNELS,
    Platform,
    User,
    expect,
    json_of,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

OUTSIDER = "outsider"
MEMBER = "member"
GRANTED = "granted"
OWNER = "owner"
AUTHOR = "author"
ACTORS = (OUTSIDER, MEMBER, GRANTED, OWNER)

READ = VIEW_CHANNELS | READ_MESSAGE_HISTORY
PERMISSIONS_REQUIRED = "permissions required"
NOT_A_MEMBER = "not a member"


@dataclass(frozen=True)
class Outcome:
    """A status and, for plain-text replies, the exact body (None: a JSON body, not compared)."""

    status: int
    body: str | None = None

    @property
    def refused(self) -> bool:
        return self.status >= 300


OK = Outcome(200, "OK")
JSON = Outcome(200)
CREATED = Outcome(201, "Created")
CREATED_JSON = Outcome(201)
NO_CONTENT = Outcome(204, "")
REFUSED_401 = Outcome(401, PERMISSIONS_REQUIRED)
REFUSED_403 = Outcome(403, PERMISSIONS_REQUIRED)
REFUSED_406 = Outcome(406, PERMISSIONS_REQUIRED)
NOT_A_MEMBER_403 = Outcome(403, NOT_A_MEMBER)


@dataclass(frozen=True)
class Cast:
    owner: User
    member: User
    granted: User
    outsider: User
    target: User
    """A second plain member: the one kicked, banned, given roles, or writing messages."""

    def actor(self, name: str) -> User:
        return {
            OUTSIDER: self.outsider,
            MEMBER: self.member,
            GRANTED: self.granted,
            OWNER: self.owner,
            AUTHOR: self.target,
        }[name]


@dataclass
class Scene:
    """A freshly staged guild: everyone mask 0, the cast joined, ``granted`` holding its role."""

    platform: Platform
    cast: Cast
    guild: int
    general: int
    category: int
    granted_role: int
    ids: dict[str, int | str] = field(default_factory=dict)
    """What an operation's ``prepare`` created: ``x`` channel, ``r`` role, ``m`` message,
    ``i`` invite id, ``code`` invite code."""

    def fill(self, template: str) -> str:
        return template.format(
            g=self.guild,
            c=self.general,
            cat=self.category,
            u=self.cast.target.id,
            **self.ids,
        )

    @property
    def owner(self) -> User:
        return self.cast.owner


Prepare = Callable[[Scene], Awaitable[None]]
Body = Callable[[Scene], Any] | dict[str, Any] | None


@dataclass(frozen=True)
class Op:
    """One route: what the granted role holds and what each actor gets back."""

    row: str
    method: str
    path: str
    ok: Outcome
    outsider: Outcome
    denied: Outcome | None = None
    """What a member without the permission gets; None when membership alone suffices."""
    grant: int = 0
    """The permissions of the ``granted`` actor's role."""
    body: Body = None
    prepare: tuple[Prepare, ...] = ()
    observe: tuple[str, ...] = ()
    """Paths the owner reads before and after, to see the operation's effect."""
    actors: tuple[str, ...] = ACTORS
    special: dict[str, Outcome] = field(default_factory=dict)
    """Outcomes that differ from the general rule, by actor."""

    def expected(self, actor: str) -> Outcome:
        if actor in self.special:
            return self.special[actor]
        if actor == OUTSIDER:
            return self.outsider
        if actor == MEMBER and self.denied is not None:
            return self.denied
        return self.ok

    def body_for(self, scene: Scene) -> Any:
        return self.body(scene) if callable(self.body) else self.body


# --- what operations prepare -------------------------------------------------------------


async def new_channel(scene: Scene, *, private: bool = False) -> None:
    name = f"extra-{len(scene.ids)}"
    body = {"name": name, "type": 0, "private": private, "position": 9}
    expect(await scene.owner.post(f"/guild/{scene.guild}/channel", body), 201, "Created")
    scene.ids["x"] = await scene.platform.channel_named(scene.owner, scene.guild, name)


async def new_private_channel_visible_to_granted(scene: Scene) -> None:
    """A private channel the granted role sees through an override accepting ViewChannels."""
    await new_channel(scene, private=True)
    path = f"/guild/{scene.guild}/channel/{scene.ids['x']}/roles/{scene.granted_role}"
    expect(await scene.owner.put(path, {"accept": VIEW_CHANNELS, "deny": 0}), 200, "OK")


async def new_category(scene: Scene) -> None:
    body = {"name": "extra-category", "private": False, "position": 9}
    expect(await scene.owner.post(f"/guild/{scene.guild}/category", body), 201, "Created")
    scene.ids["x"] = await scene.platform.channel_named(scene.owner, scene.guild, "extra-category")


async def new_role(scene: Scene) -> None:
    scene.ids["r"] = await scene.platform.create_role(scene.owner, scene.guild, 0, name="extra")


async def target_has_role(scene: Scene) -> None:
    await scene.platform.assign(scene.owner, scene.guild, scene.cast.target, int(scene.ids["r"]))


async def override_on_general(scene: Scene) -> None:
    path = f"/guild/{scene.guild}/channel/{scene.general}/roles/{scene.ids['r']}"
    expect(await scene.owner.put(path, {"accept": VIEW_CHANNELS, "deny": 0}), 200, "OK")


async def target_banned(scene: Scene) -> None:
    path = f"/guild/{scene.guild}/member/{scene.cast.target.id}/ban"
    expect(await scene.owner.post(path, {"reason": "spam"}), 204)


async def new_invite(scene: Scene) -> None:
    invite = json_of(await scene.owner.post(f"/guild/invites/{scene.guild}", {}), 201)
    scene.ids["i"] = int(invite["id"])
    scene.ids["code"] = str(invite["code"])


async def message_by_owner(scene: Scene) -> None:
    sent = json_of(await scene.owner.post(f"/message/channel/{scene.general}", {"content": "hi"}))
    scene.ids["m"] = int(sent["id"])


async def message_by_target(scene: Scene) -> None:
    """The target (the ``author`` actor) may read and write in general, and writes there."""
    target = scene.cast.target
    await scene.platform.grant(scene.owner, scene.guild, target, READ | SEND_MESSAGES)
    sent = json_of(await target.post(f"/message/channel/{scene.general}", {"content": "mine"}))
    scene.ids["m"] = int(sent["id"])


# --- the table -----------------------------------------------------------------------------

GUILD = "/guild/{g}"
CHANNELS = "/guild/{g}/channel"
MEMBERS = "/guild/{g}/members"
BANS = "/guild/{g}/bans"
ROLES = "/guild/{g}/roles"
TARGET_ROLES = "/guild/{g}/member/{u}/roles"
OVERRIDES = "/guild/{g}/channel/{c}/roles"
INVITES = "/guild/invites/{g}"
MESSAGES = "/message/channel/{c}"


def system_channel(scene: Scene) -> dict[str, Any]:
    return {"channel_id": scene.ids["x"]}


def general_first(scene: Scene) -> dict[str, Any]:
    return {"channels": [{"id": str(scene.general), "position": 3}]}


def extra_role_last(scene: Scene) -> dict[str, Any]:
    return {"roles": [{"id": str(scene.ids["r"]), "position": 7}]}


# Columns: spec row, method, path, what allowed actors get, what the outsider gets, what a
# member without the permission gets (omitted: membership suffices), the granted role's mask.
# fmt: off
OPS: tuple[Op, ...] = (
    # §2.4.3 guild core
    Op("28", "GET", GUILD, JSON, NOT_A_MEMBER_403),
    Op("29", "PATCH", GUILD, OK, REFUSED_406, REFUSED_406, MANAGE_SERVER,
       body={"name": "renamed"}, observe=(GUILD,)),
    Op("30", "DELETE", GUILD, OK, REFUSED_403, REFUSED_403, ADMINISTRATOR,
       observe=(GUILD, CHANNELS), special={GRANTED: REFUSED_403}),
    Op("31", "POST", GUILD, OK, REFUSED_401, REFUSED_401, ADMINISTRATOR,
       body=system_channel, prepare=(new_channel,)),
    Op("31", "PATCH", GUILD + "/systemch", OK, REFUSED_401, REFUSED_401, ADMINISTRATOR,
       body=system_channel, prepare=(new_channel,)),
    Op("32", "GET", CHANNELS, JSON, NOT_A_MEMBER_403),
    Op("33", "GET", CHANNELS + "/{c}", JSON, NOT_A_MEMBER_403),
    Op("33", "GET", CHANNELS + "/{x}", JSON, NOT_A_MEMBER_403, REFUSED_401,
       prepare=(new_private_channel_visible_to_granted,)),
    Op("34", "POST", CHANNELS, CREATED, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       body={"name": "fresh-channel", "type": 0, "private": False, "position": 4},
       observe=(CHANNELS,)),
    Op("35", "POST", "/guild/{g}/category", CREATED, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       body={"name": "fresh-category", "private": False, "position": 5}, observe=(CHANNELS,)),
    Op("36", "PATCH", CHANNELS + "/order", OK, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       body=general_first, observe=(CHANNELS,)),
    Op("37", "PATCH", CHANNELS + "/{c}", JSON, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       body={"topic": "new topic"}, observe=(CHANNELS,)),
    Op("38", "DELETE", CHANNELS + "/{x}", OK, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       prepare=(new_channel,), observe=(CHANNELS,)),
    Op("39", "DELETE", "/guild/{g}/category/{x}", OK, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       prepare=(new_category,), observe=(CHANNELS,)),
    Op("40", "GET", MEMBERS, JSON, REFUSED_401),
    Op("41", "GET", BANS, JSON, REFUSED_406, REFUSED_406, BAN_MEMBERS),
    Op("42", "POST", "/guild/{g}/member/{u}/kick", NO_CONTENT, REFUSED_406, REFUSED_406,
       KICK_MEMBERS, observe=(MEMBERS,)),
    Op("43", "POST", "/guild/{g}/member/{u}/ban", NO_CONTENT, REFUSED_406, REFUSED_406,
       BAN_MEMBERS, body={"reason": "spam"}, observe=(MEMBERS, BANS)),
    Op("44", "DELETE", "/guild/{g}/member/{u}/ban", NO_CONTENT, REFUSED_406, REFUSED_406,
       BAN_MEMBERS, prepare=(target_banned,), observe=(BANS,)),
    # §2.4.4 roles and channel overrides
    Op("45", "GET", ROLES, JSON, REFUSED_401),
    Op("46", "POST", ROLES, CREATED_JSON, REFUSED_406, REFUSED_406, MANAGE_ROLES,
       body={"name": "fresh", "color": 255, "permissions": 0}, observe=(ROLES,)),
    Op("47", "PATCH", ROLES + "/order", OK, REFUSED_406, REFUSED_406, MANAGE_ROLES,
       body=extra_role_last, prepare=(new_role,), observe=(ROLES,)),
    Op("48", "PATCH", ROLES + "/{r}", JSON, REFUSED_406, REFUSED_406, MANAGE_ROLES,
       body={"name": "renamed"}, prepare=(new_role,), observe=(ROLES,)),
    Op("49", "DELETE", ROLES + "/{r}", OK, REFUSED_406, REFUSED_406, MANAGE_ROLES,
       prepare=(new_role,), observe=(ROLES,)),
    Op("50", "GET", TARGET_ROLES, JSON, REFUSED_401),
    Op("51", "PUT", TARGET_ROLES + "/{r}", OK, REFUSED_406, REFUSED_406, MANAGE_ROLES,
       prepare=(new_role,), observe=(TARGET_ROLES,)),
    Op("52", "DELETE", TARGET_ROLES + "/{r}", OK, REFUSED_406, REFUSED_406, MANAGE_ROLES,
       prepare=(new_role, target_has_role), observe=(TARGET_ROLES,)),
    Op("53", "GET", OVERRIDES, JSON, REFUSED_401),
    Op("54", "GET", OVERRIDES + "/{r}", JSON, REFUSED_401,
       prepare=(new_role, override_on_general)),
    Op("55", "PUT", OVERRIDES + "/{r}", OK, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       body={"accept": VIEW_CHANNELS, "deny": 0}, prepare=(new_role,), observe=(OVERRIDES,)),
    Op("56", "PATCH", OVERRIDES + "/{r}", OK, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       body={"accept": 0, "deny": SEND_MESSAGES}, prepare=(new_role, override_on_general),
       observe=(OVERRIDES,)),
    Op("57", "DELETE", OVERRIDES + "/{r}", OK, REFUSED_406, REFUSED_406, MANAGE_CHANNELS,
       prepare=(new_role, override_on_general), observe=(OVERRIDES,)),
    # §2.4.7 invites
    Op("68", "POST", INVITES, CREATED_JSON, REFUSED_401, REFUSED_401, CREATE_INVITE,
       body={}, observe=(INVITES,)),
    Op("69", "GET", INVITES, JSON, REFUSED_401, REFUSED_401, CREATE_INVITE),
    Op("70", "DELETE", INVITES + "/{i}", NO_CONTENT, REFUSED_401, REFUSED_401, CREATE_INVITE,
       prepare=(new_invite,), observe=(INVITES,)),
    Op("71", "GET", "/guild/invites/receive/{code}", JSON, JSON, prepare=(new_invite,)),
    Op("72", "POST", "/guild/invites/accept/{code}", JSON, JSON, prepare=(new_invite,)),
    # §2.4.8 messages (in the guild's "general" text channel)
    Op("73", "GET", MESSAGES, JSON, REFUSED_403, REFUSED_403, READ),
    Op("74", "POST", MESSAGES, JSON, REFUSED_403, REFUSED_403, SEND_MESSAGES,
       body={"content": "hello"}, observe=(MESSAGES,)),
    Op("75", "PATCH", MESSAGES + "/{m}", JSON, REFUSED_403, REFUSED_403, MANAGE_MESSAGES,
       body={"content": "edited"}, prepare=(message_by_target,), observe=(MESSAGES,),
       actors=(*ACTORS, AUTHOR), special={GRANTED: REFUSED_403, OWNER: REFUSED_403}),
    Op("76", "DELETE", MESSAGES + "/{m}", OK, REFUSED_403, REFUSED_403, MANAGE_MESSAGES,
       prepare=(message_by_target,), observe=(MESSAGES,), actors=(*ACTORS, AUTHOR)),
    Op("77", "POST", MESSAGES + "/attachment", JSON, REFUSED_403, REFUSED_403, ATTACH_FILES,
       body={"filename": "notes.txt", "file_size": 10}),
    Op("78", "POST", MESSAGES + "/typing", OK, REFUSED_403, REFUSED_403, SEND_MESSAGES),
    Op("79", "POST", MESSAGES + "/{m}/ack", OK, REFUSED_403, REFUSED_403, READ,
       prepare=(message_by_owner,)),
)
# fmt: on

CASES = [
    pytest.param(op, actor, id=f"{op.row} {op.method} {op.path} as {actor}")
    for op in OPS
    for actor in op.actors
]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def cast(platform: Platform) -> Cast:
    return Cast(
        owner=await platform.sign_up("owner"),
        member=await platform.sign_up("member"),
        granted=await platform.sign_up("granted"),
        outsider=await platform.sign_up("outsider"),
        target=await platform.sign_up("target"),
    )


async def stage(platform: Platform, cast: Cast, grant: int) -> Scene:
    """A new guild with everyone mask 0; member, granted and target joined; granted's role."""
    owner = cast.owner
    guild = await platform.create_guild(owner, "matrix")
    expect(await owner.patch(f"/guild/{guild}", {"permissions": 0}), 200, "OK")
    await platform.join(owner, guild, cast.member, cast.granted, cast.target)
    role = await platform.grant(owner, guild, cast.granted, grant)
    channels = {c["name"]: int(c["id"]) for c in await platform.channels(owner, guild)}
    return Scene(
        platform=platform,
        cast=cast,
        guild=guild,
        general=channels["general"],
        category=channels["text"],
        granted_role=role,
    )


async def observe(scene: Scene, paths: tuple[str, ...]) -> list[tuple[int, str]]:
    """What the owner reads at ``paths`` (status and body, so a 404 after a delete is fine)."""
    seen = []
    for path in paths:
        response = await scene.owner.get(scene.fill(path))
        seen.append((response.status_code, response.text))
    return seen


@pytest.mark.parametrize(("op", "actor"), CASES)
async def test_route_answers_each_actor_as_the_spec_says(
    platform: Platform, cast: Cast, op: Op, actor: str
) -> None:
    scene = await stage(platform, cast, op.grant)
    for step in op.prepare:
        await step(scene)
    before = await observe(scene, op.observe)

    response = await cast.actor(actor).call(op.method, scene.fill(op.path), json=op.body_for(scene))

    outcome = op.expected(actor)
    expect(response, outcome.status, outcome.body)
    if outcome.body is None and outcome.status != 204:
        assert response.headers["content-type"].startswith("application/json")
    after = await observe(scene, op.observe)
    if outcome.refused:
        assert after == before, "a refused request changed what the owner sees"
    elif op.observe:
        assert after != before, "the allowed write left no trace"


async def test_refused_system_channel_change_keeps_join_messages_where_they_were(
    platform: Platform, cast: Cast
) -> None:
    """Row 31's effect is only visible through Join messages: a refusal must not move them."""
    scene = await stage(platform, cast, 0)
    await new_channel(scene)
    other = scene.ids["x"]
    refused = await cast.member.post(f"/guild/{scene.guild}", {"channel_id": other})
    expect(refused, 401, PERMISSIONS_REQUIRED)

    await platform.join(cast.owner, scene.guild, cast.outsider)

    general = json_of(await cast.owner.get(f"/message/channel/{scene.general}"))
    elsewhere = json_of(await cast.owner.get(f"/message/channel/{other}"))
    assert elsewhere == []
    assert general[0]["type"] == 2
    assert general[0]["author"]["id"] == cast.outsider.id


async def test_allowed_system_channel_change_moves_join_messages(
    platform: Platform, cast: Cast
) -> None:
    scene = await stage(platform, cast, ADMINISTRATOR)
    await new_channel(scene)
    other = scene.ids["x"]
    expect(await cast.granted.post(f"/guild/{scene.guild}", {"channel_id": other}), 200, "OK")

    await platform.join(cast.owner, scene.guild, cast.outsider)

    moved = json_of(await cast.owner.get(f"/message/channel/{other}"))
    assert [(m["type"], m["author"]["id"]) for m in moved] == [(2, cast.outsider.id)]
