"""The gateway over real sockets against ``parley run``: REST changes reach the right sockets."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.client import User, sign_up, unique
from tests.e2e.conftest import Platform
from tests.e2e.gateway_client import Frame, GatewayClient

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def users(platform: Platform) -> Iterator[dict[str, User]]:
    """alice owns the guild; bob and carol are members; eve is a stranger."""
    made = {name: sign_up(platform, unique(name)) for name in ("alice", "bob", "carol", "eve")}
    yield made
    for user in made.values():
        user.http.close()


@pytest.fixture(scope="module")
def guild(users: dict[str, User]) -> dict[str, int]:
    alice = users["alice"]
    created = alice.post("/guild", {"name": "Gateway HQ", "public": False})
    assert created.status_code == 200, created.text
    gid = created.json()["id"]
    general = next(c for c in alice.get(f"/guild/{gid}/channel").json() if c["type"] == 0)
    code = alice.post(f"/guild/invites/{gid}", {}).json()["code"]
    for name in ("bob", "carol"):
        joined = users[name].post(f"/guild/invites/accept/{code}")
        assert joined.status_code == 200, joined.text
    secret = alice.post(
        f"/guild/{gid}/channel", {"name": "secret", "type": 0, "private": True, "position": 5}
    )
    assert secret.status_code == 201, secret.text
    channels = alice.get(f"/guild/{gid}/channel").json()
    secret_id = next(c["id"] for c in channels if c["name"] == "secret")
    return {"id": gid, "general": general["id"], "secret": secret_id}


def connect(platform: Platform, user: User, **kwargs: Any) -> GatewayClient:
    client = GatewayClient(platform, user, **kwargs)
    assert set(client.hello["d"]) == {"heartbeat_interval", "session_id"}
    assert client.hello["d"]["heartbeat_interval"] == 35000
    return client


def follow(client: GatewayClient, guild: dict[str, int], channel: str = "general") -> None:
    client.subscribe(guilds=[guild["id"]])
    client.subscribe(channel=guild[channel])
    client.sync()


def dispatches(frames: list[Frame]) -> list[int]:
    return [f["t"] for f in frames if f["op"] == 0]


def test_a_message_sent_over_rest_reaches_a_members_socket_exactly(
    platform: Platform, users: dict[str, User], guild: dict[str, int]
) -> None:
    alice, bob = users["alice"], users["bob"]
    with_bob = connect(platform, bob)
    eve = connect(platform, users["eve"])
    try:
        follow(with_bob, guild)
        eve.subscribe(guilds=[guild["id"]], channel=guild["general"])
        eve.sync()
        sent = alice.post(f"/message/channel/{guild['general']}", {"content": "hello bob"})
        assert sent.status_code == 200, sent.text

        frame = with_bob.dispatch(100)
        notice = with_bob.dispatch(300)

        assert frame["d"] == {"guild_id": guild["id"], "message": sent.json()}
        assert frame["s"] >= 1
        assert notice["d"] == {
            "guild_id": guild["id"],
            "channel_id": guild["general"],
            "message_id": sent.json()["id"],
        }
        assert notice["s"] > frame["s"]
        assert eve.drain() == []  # a non-member gets nothing, not even the guild's 300
    finally:
        with_bob.close()
        eve.close()


def test_edits_deletes_typing_channels_roles_and_members_reach_members(
    platform: Platform, users: dict[str, User], guild: dict[str, int]
) -> None:
    alice, bob = users["alice"], users["bob"]
    gid, general = guild["id"], guild["general"]
    client = connect(platform, bob)
    try:
        follow(client, guild)
        message = alice.post(f"/message/channel/{general}", {"content": "draft"}).json()
        assert client.dispatch(100)["d"]["message"]["id"] == message["id"]
        path = f"/message/channel/{general}/{message['id']}"
        assert alice.patch(path, {"content": "final"}).status_code == 200
        assert client.dispatch(101)["d"]["message"]["content"] == "final"
        assert alice.post(f"/message/channel/{general}/typing").status_code == 200
        assert client.dispatch(301)["d"] == {"channel_id": general, "user_id": alice.id}
        assert alice.delete(path).status_code == 200
        assert client.dispatch(102)["d"]["message_id"] == message["id"]

        body = {"name": "news", "type": 0, "private": False, "position": 3}
        assert alice.post(f"/guild/{gid}/channel", body).status_code == 201
        news = client.dispatch(106)["d"]["channel"]
        assert news["name"] == "news"
        assert alice.patch(f"/guild/{gid}/channel/{news['id']}", {"topic": "t"}).status_code == 200
        assert client.dispatch(107)["d"]["channel"]["id"] == news["id"]
        assert alice.delete(f"/guild/{gid}/channel/{news['id']}").status_code == 200
        assert client.dispatch(109)["d"]["channel_id"] == news["id"]

        role = alice.post(f"/guild/{gid}/roles", {"name": "mods", "color": 1, "permissions": 0})
        assert role.status_code == 201, role.text
        role_id = role.json()["id"]
        assert client.dispatch(110)["d"]["role"]["id"] == role_id
        assert alice.patch(f"/guild/{gid}/roles/{role_id}", {"color": 2}).status_code == 200
        assert client.dispatch(111)["d"]["role"]["color"] == 2
        member_role = f"/guild/{gid}/member/{bob.id}/roles/{role_id}"
        assert alice.put(member_role).status_code == 200
        assert client.dispatch(203)["d"] == {"guild_id": gid, "role_id": role_id, "user_id": bob.id}
        assert alice.delete(member_role).status_code == 200
        assert client.dispatch(204)["d"]["role_id"] == role_id
        assert alice.delete(f"/guild/{gid}/roles/{role_id}").status_code == 200
        assert client.dispatch(112)["d"] == {"guild_id": gid, "role_id": role_id}

        dave = sign_up(platform, unique("dave"))
        code = alice.post(f"/guild/invites/{gid}", {}).json()["code"]
        assert dave.post(f"/guild/invites/accept/{code}").status_code == 200
        added = client.dispatch(200)["d"]
        assert (added["guild_id"], added["user_id"]) == (gid, dave.id)
        assert dave.delete(f"/user/me/guilds/{gid}").status_code == 200
        assert client.dispatch(202)["d"] == {"guild_id": gid, "user_id": dave.id}
        dave.http.close()
    finally:
        client.close()


def test_private_channel_events_reach_only_those_who_may_see_it(
    platform: Platform, users: dict[str, User], guild: dict[str, int]
) -> None:
    alice, carol = users["alice"], users["carol"]
    owner = connect(platform, alice)
    member = connect(platform, carol)
    try:
        follow(owner, guild, "secret")
        member.subscribe(guilds=[guild["id"]], channel=guild["secret"])  # refused: private
        member.sync()
        hidden = alice.post(f"/message/channel/{guild['secret']}", {"content": "psst"}).json()
        assert owner.dispatch(100)["d"]["message"]["id"] == hidden["id"]
        assert owner.dispatch(300)["d"]["channel_id"] == guild["secret"]
        shown = alice.post(f"/message/channel/{guild['general']}", {"content": "hi all"}).json()

        # The general channel's 300 comes after the secret one's would have: none came.
        notice = member.dispatch(300)
        assert notice["d"]["message_id"] == shown["id"]
        assert 100 not in dispatches(member.drain())
    finally:
        owner.close()
        member.close()


def test_a_dropped_socket_resumes_with_exactly_the_missed_messages_in_order(
    platform: Platform, users: dict[str, User], guild: dict[str, int]
) -> None:
    alice, bob = users["alice"], users["bob"]
    first = connect(platform, bob)
    follow(first, guild)
    alice.post(f"/message/channel/{guild['general']}", {"content": "before"})
    seen = first.dispatch(100)["s"]
    first.sync()
    last = first.drain()
    seen = max([seen, *(f["s"] for f in last)])
    session_id = first.session_id
    first.drop()

    sent = [
        alice.post(f"/message/channel/{guild['general']}", {"content": f"missed {n}"}).json()
        for n in range(5)
    ]
    back = GatewayClient(platform, bob, hello={"heartbeat_session_id": session_id, "seq": seen})
    try:
        assert back.hello["d"]["resumed"] is True
        assert back.hello["d"]["session_id"] == session_id
        replayed = [f for f in back.drain(1.0) if f.get("t") == 100]
        assert [f["d"]["message"]["id"] for f in replayed] == [m["id"] for m in sent]
        sequence = [f["s"] for f in replayed]
        assert sequence == sorted(sequence)
        assert sequence[0] > seen
    finally:
        back.close()


def test_bad_frames_close_the_offender_only(
    platform: Platform, users: dict[str, User], guild: dict[str, int]
) -> None:
    alice, bob = users["alice"], users["bob"]
    bystander = connect(platform, bob)
    try:
        follow(bystander, guild)
        cases = [("{oops", 4002), ('{"op": 42}', 4001), ('{"op":2,"d":"' + "x" * 5000 + '"}', 4013)]
        for text, code in cases:
            offender = connect(platform, alice)
            offender.send_raw(text)
            assert offender.closed_with() == code
        flood = connect(platform, alice)
        for _ in range(121):
            flood.send(4, None)
        assert flood.closed_with() == 4008
        stranger = GatewayClient(platform)
        stranger.send(1, {"token": "not a token"})
        assert stranger.closed_with() == 4004

        alice.post(f"/message/channel/{guild['general']}", {"content": "still here?"})
        assert bystander.dispatch(100)["d"]["message"]["content"] == "still here?"
    finally:
        bystander.close()


def test_zlib_stream_metrics_and_plain_requests(
    platform: Platform, users: dict[str, User], guild: dict[str, int]
) -> None:
    compressed = GatewayClient(platform, users["bob"], compress=True)
    try:
        follow(compressed, guild)
        users["alice"].post(f"/message/channel/{guild['general']}", {"content": "zipped"})
        assert compressed.dispatch(100)["d"]["message"]["content"] == "zipped"
        metrics = httpx.get(platform.url + "/ws/metrics", timeout=5)
        plain = httpx.get(platform.url + "/ws/subscribe", timeout=5)
    finally:
        compressed.close()

    assert metrics.status_code == 200
    assert "gochat_ws_active_clients " in metrics.text
    assert "parley_ws_frames_sent_total " in metrics.text
    assert (plain.status_code, plain.text) == (426, "Upgrade Required")


def test_presence_is_stored_aggregated_and_ends_with_the_session(
    platform: Platform, users: dict[str, User]
) -> None:
    # On production this goes through Redis's presence keys; embedded keeps them in process.
    bob, carol = users["bob"], users["carol"]
    watcher = connect(platform, bob)
    with_carol = connect(platform, carol)
    try:
        with_carol.send(3, {"status": "dnd", "custom_status_text": "heads down"})
        with_carol.sync()
        watcher.send(6, {"add": [carol.id]})
        snapshot = watcher.expect(lambda f: f["op"] == 3 and f["d"]["user_id"] == carol.id)
        assert snapshot["d"]["status"] == "dnd"
        assert snapshot["d"]["custom_status_text"] == "heads down"

        with_carol.send(3, {"status": "idle"})
        update = watcher.expect(lambda f: f["op"] == 3 and f["d"]["user_id"] == carol.id)
        assert update["d"]["status"] == "idle"

        with_carol.close()
        gone = watcher.expect(lambda f: f["op"] == 3 and f["d"]["user_id"] == carol.id)
        assert gone["d"]["status"] == "offline"
    finally:
        watcher.close()
        with_carol.close()
