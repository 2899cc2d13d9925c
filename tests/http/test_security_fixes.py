"""The security holes of spec §17 (items 16-22) that Parley closes, seen over HTTP.

Item 16 (non-members get the guild's base permissions) is covered row by row in
``test_authorization_matrix``; this module covers the rest, plus the §13.10 moderation rules,
and checks every refusal leaves the stores as they were.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from tests.http.support import (
    ADMINISTRATOR,
    KICK_MEMBERS,
    MANAGE_ROLES,
    SEND_MESSAGES,
    VIEW_CHANNELS,
    Platform,
    User,
    expect,
    json_of,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

PERMISSIONS_REQUIRED = "permissions required"


@dataclass(frozen=True)
class People:
    owner: User
    member: User
    other: User
    outsider: User


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def people(platform: Platform) -> People:
    return People(
        owner=await platform.sign_up("owner"),
        member=await platform.sign_up("member"),
        other=await platform.sign_up("other"),
        outsider=await platform.sign_up("outsider"),
    )


@dataclass(frozen=True)
class Guild:
    id: int
    general: int


async def guild_with(platform: Platform, people: People) -> Guild:
    """A guild with the default everyone mask; member and other joined."""
    guild = await platform.create_guild(people.owner, "secure")
    await platform.join(people.owner, guild, people.member, people.other)
    return Guild(guild, await platform.channel_named(people.owner, guild, "general"))


async def private_channel(platform: Platform, owner: User, guild: int, name: str) -> int:
    body = {"name": name, "type": 0, "private": True, "position": 5}
    expect(await owner.post(f"/guild/{guild}/channel", body), 201, "Created")
    return await platform.channel_named(owner, guild, name)


async def read(user: User, path: str) -> Any:
    return json_of(await user.get(path))


# --- item 17: DMs and threads are guarded like guild channels ------------------------------

MessageCall = Callable[[User, int, int], Awaitable[Any]]


async def history(user: User, channel: int, _: int) -> Any:
    return await user.get(f"/message/channel/{channel}")


async def send(user: User, channel: int, _: int) -> Any:
    return await user.post(f"/message/channel/{channel}", {"content": "intruding"})


async def typing(user: User, channel: int, _: int) -> Any:
    return await user.post(f"/message/channel/{channel}/typing")


async def attachment(user: User, channel: int, _: int) -> Any:
    body = {"filename": "payload.bin", "file_size": 10}
    return await user.post(f"/message/channel/{channel}/attachment", body)


async def ack(user: User, channel: int, message: int) -> Any:
    return await user.post(f"/message/channel/{channel}/{message}/ack")


async def edit(user: User, channel: int, message: int) -> Any:
    return await user.patch(f"/message/channel/{channel}/{message}", {"content": "rewritten"})


async def remove(user: User, channel: int, message: int) -> Any:
    return await user.delete(f"/message/channel/{channel}/{message}")


MESSAGE_CALLS = [
    pytest.param(history, id="73 history"),
    pytest.param(send, id="74 send"),
    pytest.param(edit, id="75 edit"),
    pytest.param(remove, id="76 delete"),
    pytest.param(attachment, id="77 attachment"),
    pytest.param(typing, id="78 typing"),
    pytest.param(ack, id="79 ack"),
]


@pytest.mark.parametrize("call", MESSAGE_CALLS)
async def test_outsider_cannot_use_a_dm_between_others(people: People, call: MessageCall) -> None:
    dm = json_of(await people.owner.post("/user/me/channels", {"recipient_id": people.member.id}))
    channel = int(dm["id"])
    message = json_of(await people.member.post(f"/message/channel/{channel}", {"content": "hi"}))
    before = await read(people.owner, f"/message/channel/{channel}")

    response = await call(people.outsider, channel, int(message["id"]))

    expect(response, 403, PERMISSIONS_REQUIRED)
    assert await read(people.owner, f"/message/channel/{channel}") == before


@pytest.mark.parametrize("call", MESSAGE_CALLS)
async def test_thread_of_a_private_channel_is_as_private_as_its_parent(
    platform: Platform, people: People, call: MessageCall
) -> None:
    guild = await guild_with(platform, people)
    parent = await private_channel(platform, people.owner, guild.id, "staff")
    body = {"name": "staff-thread", "type": 5, "parent_id": parent, "private": False, "position": 6}
    expect(await people.owner.post(f"/guild/{guild.id}/channel", body), 201, "Created")
    thread = await platform.channel_named(people.owner, guild.id, "staff-thread")
    message = json_of(await people.owner.post(f"/message/channel/{thread}", {"content": "x"}))
    before = await read(people.owner, f"/message/channel/{thread}")

    response = await call(people.member, thread, int(message["id"]))

    expect(response, 403, PERMISSIONS_REQUIRED)
    assert await read(people.owner, f"/message/channel/{thread}") == before


# --- item 18: the channel list hides private channels -------------------------------------


async def test_private_channel_is_listed_only_for_those_who_may_view_it(
    platform: Platform, people: People
) -> None:
    guild = await guild_with(platform, people)
    hidden = await private_channel(platform, people.owner, guild.id, "hidden")
    role = await platform.grant(people.owner, guild.id, people.other, 0)
    path = f"/guild/{guild.id}/channel/{hidden}/roles/{role}"
    expect(await people.owner.put(path, {"accept": VIEW_CHANNELS, "deny": 0}), 200, "OK")

    def ids(listing: list[dict[str, Any]]) -> set[int]:
        return {int(channel["id"]) for channel in listing}

    assert hidden not in ids(await platform.channels(people.member, guild.id))
    assert hidden in ids(await platform.channels(people.other, guild.id))
    assert hidden in ids(await platform.channels(people.owner, guild.id))
    expect(
        await people.member.get(f"/guild/{guild.id}/channel/{hidden}"), 401, PERMISSIONS_REQUIRED
    )


# --- item 19: a role's deny override removes what the everyone mask grants -----------------


async def test_role_override_deny_takes_away_a_base_permission(
    platform: Platform, people: People
) -> None:
    guild = await guild_with(platform, people)
    muted = await platform.grant(people.owner, guild.id, people.member, 0)
    path = f"/guild/{guild.id}/channel/{guild.general}/roles/{muted}"
    expect(await people.owner.put(path, {"accept": 0, "deny": SEND_MESSAGES}), 200, "OK")
    messages = f"/message/channel/{guild.general}"
    before = await read(people.owner, messages)

    refused = await people.member.post(messages, {"content": "muted?"})

    expect(refused, 403, PERMISSIONS_REQUIRED)
    assert await read(people.owner, messages) == before
    expect(await people.other.post(messages, {"content": "not muted"}), 200)


# --- item 20: override masks are sanitized on insert too ----------------------------------


async def test_override_is_sanitized_when_first_put(platform: Platform, people: People) -> None:
    guild = await guild_with(platform, people)
    role = await platform.create_role(people.owner, guild.id, 0)
    path = f"/guild/{guild.id}/channel/{guild.general}/roles/{role}"
    body = {"accept": ADMINISTRATOR | VIEW_CHANNELS, "deny": KICK_MEMBERS | SEND_MESSAGES}
    expect(await people.owner.put(path, body), 200, "OK")

    stored = await read(people.owner, path)

    assert stored == {"role_id": role, "accept": VIEW_CHANNELS, "deny": SEND_MESSAGES}


# --- item 21: ManageRoles cannot mint or hand out Administrator ---------------------------


async def test_role_manager_cannot_create_an_administrator_role(
    platform: Platform, people: People
) -> None:
    guild = await guild_with(platform, people)
    await platform.grant(people.owner, guild.id, people.member, MANAGE_ROLES)
    roles = f"/guild/{guild.id}/roles"
    before = await read(people.owner, roles)

    body = {"name": "root", "color": 0, "permissions": ADMINISTRATOR}
    expect(await people.member.post(roles, body), 406, PERMISSIONS_REQUIRED)

    assert await read(people.owner, roles) == before


async def test_role_manager_cannot_assign_an_administrator_role(
    platform: Platform, people: People
) -> None:
    guild = await guild_with(platform, people)
    await platform.grant(people.owner, guild.id, people.member, MANAGE_ROLES)
    admin = await platform.create_role(people.owner, guild.id, ADMINISTRATOR, name="admin")
    mine = f"/guild/{guild.id}/member/{people.member.id}/roles"
    before = await read(people.owner, mine)

    expect(await people.member.put(f"{mine}/{admin}"), 406, PERMISSIONS_REQUIRED)

    assert await read(people.owner, mine) == before


async def test_role_manager_cannot_raise_a_role_to_administrator(
    platform: Platform, people: People
) -> None:
    guild = await guild_with(platform, people)
    own = await platform.grant(people.owner, guild.id, people.member, MANAGE_ROLES)
    roles = f"/guild/{guild.id}/roles"
    before = await read(people.owner, roles)

    raised = {"permissions": MANAGE_ROLES | ADMINISTRATOR}
    expect(await people.member.patch(f"{roles}/{own}", raised), 406, PERMISSIONS_REQUIRED)

    assert await read(people.owner, roles) == before


# --- item 22: kicked and banned members lose their roles ----------------------------------


@pytest.mark.parametrize("removal", ["kick", "ban"])
async def test_removed_member_rejoins_without_old_roles(
    platform: Platform, people: People, removal: str
) -> None:
    guild = await guild_with(platform, people)
    await platform.grant(people.owner, guild.id, people.other, SEND_MESSAGES)
    base = f"/guild/{guild.id}/member/{people.other.id}"
    expect(await people.owner.post(f"{base}/{removal}"), 204)
    if removal == "ban":
        expect(await people.owner.delete(f"{base}/ban"), 204)

    await platform.join(people.owner, guild.id, people.other)

    assert await read(people.owner, f"{base}/roles") == []


# --- §13.10 moderation rules ---------------------------------------------------------------


async def test_nobody_moderates_the_owner(platform: Platform, people: People) -> None:
    guild = await guild_with(platform, people)
    await platform.grant(people.owner, guild.id, people.member, ADMINISTRATOR)
    members = f"/guild/{guild.id}/members"
    before = await read(people.owner, members)

    kick = await people.member.post(f"/guild/{guild.id}/member/{people.owner.id}/kick")

    expect(kick, 406, "cannot moderate guild owner")
    assert await read(people.owner, members) == before


async def test_only_the_owner_moderates_administrators(platform: Platform, people: People) -> None:
    guild = await guild_with(platform, people)
    await platform.grant(people.owner, guild.id, people.member, KICK_MEMBERS)
    await platform.grant(people.owner, guild.id, people.other, ADMINISTRATOR)
    members = f"/guild/{guild.id}/members"
    before = await read(people.owner, members)

    kick = await people.member.post(f"/guild/{guild.id}/member/{people.other.id}/kick")

    expect(kick, 406, "only guild owner can moderate administrators")
    assert await read(people.owner, members) == before
    expect(await people.owner.post(f"/guild/{guild.id}/member/{people.other.id}/kick"), 204)


async def test_banned_user_cannot_rejoin(platform: Platform, people: People) -> None:
    guild = await guild_with(platform, people)
    code = await platform.invite_code(people.owner, guild.id)
    ban = f"/guild/{guild.id}/member/{people.other.id}/ban"
    expect(await people.owner.post(ban, {"reason": "spam"}), 204)
    members = f"/guild/{guild.id}/members"
    before = await read(people.owner, members)

    expect(await people.other.post(f"/guild/invites/accept/{code}"), 403, "user is banned")

    assert await read(people.owner, members) == before
    bans = await read(people.owner, f"/guild/{guild.id}/bans")
    assert [(b["user"]["id"], b.get("reason")) for b in bans] == [(people.other.id, "spam")]
