"""The whole first-day journey over real HTTP against ``parley run``."""

from collections.abc import Iterator

import pytest

from tests.e2e.client import User, sign_up, unique
from tests.e2e.conftest import Platform

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def alice(platform: Platform) -> Iterator[User]:
    user = sign_up(platform, unique("alice"))
    yield user
    user.http.close()


@pytest.fixture(scope="module")
def bob(platform: Platform) -> Iterator[User]:
    user = sign_up(platform, unique("bobby"))
    yield user
    user.http.close()


@pytest.fixture(scope="module")
def guild(alice: User) -> dict[str, int]:
    response = alice.post("/guild", {"name": "Parley HQ", "public": False})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Parley HQ"
    assert body["owner"] == alice.id
    channels = alice.get(f"/guild/{body['id']}/channel").json()
    category = next(c for c in channels if c["type"] == 2)
    general = next(c for c in channels if c["type"] == 0)
    assert category["name"] == "text"
    assert general["name"] == "general"
    assert general["parent_id"] == category["id"]
    return {"id": body["id"], "general": general["id"], "category": category["id"]}


def test_refresh_rotates_and_rejects_reuse(platform: Platform, alice: User) -> None:
    http = alice.http
    first = http.get(
        "/api/v1/auth/refresh", headers={"Authorization": f"Bearer {alice.refresh_token}"}
    )
    assert first.status_code == 200, first.text
    pair = first.json()
    assert set(pair) == {"token", "refresh_token"}
    replay = http.get(
        "/api/v1/auth/refresh", headers={"Authorization": f"Bearer {alice.refresh_token}"}
    )
    assert replay.status_code == 401
    alice.token = pair["token"]
    # the family was revoked by the replay, so log in again for the rest of the journey
    login = http.post("/api/v1/auth/login", json={"email": alice.email, "password": alice.password})
    alice.token, alice.refresh_token = login.json()["token"], login.json()["refresh_token"]
    assert alice.get("/user/me").json()["id"] == alice.id


def test_channels_roles_and_overrides(alice: User, guild: dict[str, int]) -> None:
    gid = guild["id"]
    created = alice.post(
        f"/guild/{gid}/channel", {"name": "random", "type": 0, "private": False, "position": 1}
    )
    assert (created.status_code, created.text) == (201, "Created")
    voice = alice.post(
        f"/guild/{gid}/channel", {"name": "lounge", "type": 1, "private": False, "position": 2}
    )
    assert voice.status_code == 201
    channels = alice.get(f"/guild/{gid}/channel").json()
    assert [c["name"] for c in channels][:2] == ["text", "general"]
    role = alice.post(f"/guild/{gid}/roles", {"name": "mods", "color": 255, "permissions": 8192})
    assert role.status_code == 201, role.text
    role_id = role.json()["id"]
    random_id = next(c["id"] for c in channels if c["name"] == "random")
    put = alice.put(
        f"/guild/{gid}/channel/{random_id}/roles/{role_id}", {"accept": 1, "deny": 2048}
    )
    assert (put.status_code, put.text) == (200, "OK")
    overrides = alice.get(f"/guild/{gid}/channel/{random_id}/roles").json()
    assert overrides == [{"role_id": role_id, "accept": 1, "deny": 2048}]
    listed = alice.get(f"/guild/{gid}/channel/{random_id}").json()
    assert listed["name"] == "random"


def test_invite_and_chat(alice: User, bob: User, guild: dict[str, int]) -> None:
    gid, general = guild["id"], guild["general"]
    assert bob.get(f"/guild/{gid}").status_code == 403
    invite = alice.post(f"/guild/invites/{gid}", {})
    assert invite.status_code == 201, invite.text
    code = invite.json()["code"]
    assert len(code) == 8
    preview = bob.get(f"/guild/invites/receive/{code}").json()
    assert preview["guild"]["id"] == gid
    assert preview["members_count"] == 1
    accepted = bob.post(f"/guild/invites/accept/{code}")
    assert accepted.status_code == 200, accepted.text
    assert bob.get(f"/guild/{gid}").status_code == 200

    sent = [
        (alice if i % 2 == 0 else bob).post(f"/message/channel/{general}", {"content": f"m{i}"})
        for i in range(12)
    ]
    assert all(r.status_code == 200 for r in sent), [r.text for r in sent]
    ids = [r.json()["id"] for r in sent]
    assert sent[0].json()["author"]["id"] == alice.id

    newest = alice.get(f"/message/channel/{general}", params={"limit": 5}).json()
    assert [m["id"] for m in newest] == ids[::-1][:5]
    before = alice.get(
        f"/message/channel/{general}", params={"from": ids[5], "direction": "before", "limit": 3}
    ).json()
    assert [m["id"] for m in before] == [ids[5], ids[4], ids[3]]
    after = alice.get(
        f"/message/channel/{general}", params={"from": ids[5], "direction": "after", "limit": 3}
    ).json()
    assert [m["id"] for m in after] == [ids[5], ids[6], ids[7]]
    around = alice.get(
        f"/message/channel/{general}", params={"from": ids[5], "direction": "around", "limit": 6}
    ).json()
    assert [m["id"] for m in around] == [ids[5], ids[4], ids[3], ids[6], ids[7]]
    assert (
        alice.get(f"/message/channel/{general}", params={"direction": "after"}).status_code == 400
    )

    edited = alice.patch(f"/message/channel/{general}/{ids[0]}", {"content": "m0 edited"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["content"] == "m0 edited"
    assert "updated_at" in edited.json()
    assert bob.patch(f"/message/channel/{general}/{ids[0]}", {"content": "x"}).status_code == 403
    assert bob.delete(f"/message/channel/{general}/{ids[0]}").status_code == 403
    deleted = alice.delete(f"/message/channel/{general}/{ids[0]}")
    assert (deleted.status_code, deleted.text) == (200, "OK")
    oldest = alice.get(
        f"/message/channel/{general}", params={"from": ids[1], "direction": "before"}
    ).json()
    assert ids[0] not in [m["id"] for m in oldest]


def test_dms_and_friends(alice: User, bob: User) -> None:
    request = alice.post("/user/me/friends", {"discriminator": bob.handle})
    assert (request.status_code, request.text) == (200, "OK")
    incoming = bob.get("/user/me/friends/requests").json()
    assert [u["id"] for u in incoming] == [alice.id]
    accept = bob.post("/user/me/friends/requests", {"user_id": str(alice.id)})
    assert accept.status_code == 200, accept.text
    assert [u["id"] for u in alice.get("/user/me/friends").json()] == [bob.id]

    dm = alice.get(f"/user/me/friends/{bob.id}")
    assert dm.status_code == 200, dm.text
    channel = dm.json()
    assert channel["type"] == 3
    assert channel["participant_id"] == bob.id
    again = bob.post("/user/me/channels", {"recipient_id": alice.id}).json()
    assert again["id"] == channel["id"]
    hello = bob.post(f"/message/channel/{channel['id']}", {"content": "hi alice"})
    assert hello.status_code == 200, hello.text
    history = alice.get(f"/message/channel/{channel['id']}").json()
    assert [m["content"] for m in history] == ["hi alice"]
    assert [c["id"] for c in alice.get("/user/me/channels").json()] == [channel["id"]]


def test_data_survives_restart(
    platform: Platform, alice: User, bob: User, guild: dict[str, int]
) -> None:
    before = alice.get(f"/message/channel/{guild['general']}").json()
    platform.restart()
    after = alice.get(f"/message/channel/{guild['general']}")
    assert after.status_code == 200, after.text
    assert after.json() == before
    assert alice.get(f"/guild/{guild['id']}").json()["name"] == "Parley HQ"
    login = alice.http.post(
        "/api/v1/auth/login", json={"email": alice.email, "password": alice.password}
    )
    assert login.status_code == 200
