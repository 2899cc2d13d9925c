"""Client ops in process: presence (op 3/6/7), the channel slot, and who receives what."""

import asyncio
from collections.abc import AsyncIterator

import pytest

from application.errors import Unavailable
from application.wire.events import (
    EventType,
    GuildChannelMessageEvent,
    MemberRemoveEvent,
    TypingEvent,
    dispatch,
)
from domain.channels import ChannelType
from entrypoints.ws.config import GatewayConfig
from entrypoints.ws.protocol import Close
from tests.http.gateway_support import Served, build_gateway, hello, serve
from tests.http.test_gateway_protocol import Scene, follow, make_scene
from tests.unit.messages import world


@pytest.fixture
async def scene() -> AsyncIterator[Scene]:
    made = await make_scene(GatewayConfig(queue_size=64))
    yield made
    await made.gateway.stop()


async def connected(scene: Scene, user_id: int) -> Served:
    served = serve(scene.gateway)
    await hello(served, scene.token(user_id))
    return served


async def settle() -> None:
    await asyncio.sleep(0.02)


async def test_presence_updates_reach_watchers_after_a_snapshot(scene: Scene) -> None:
    watcher = await connected(scene, scene.alice)
    bob = await connected(scene, scene.bob)
    watcher.socket.client(6, {"set": [scene.bob]})
    snapshot = await watcher.socket.frame()
    bob.socket.client(3, {"status": "dnd", "custom_status_text": "focus"})
    update = await watcher.socket.frame()
    bob.socket.client(3, {"status": "bogus"})  # ignored
    bob.socket.client(2, {"e": 5})
    bob.socket.client(2, {"e": 1})  # older than the last: ignored
    bob.socket.client(2, None)  # no payload: ignored
    bob.socket.hang_up()
    await bob.closed()
    offline = await watcher.socket.frame()

    assert snapshot == {
        "s": 1,
        "op": 3,
        "d": {"user_id": scene.bob, "status": "offline", "since": snapshot["d"]["since"]},
    }
    assert (update["d"]["status"], update["d"]["custom_status_text"]) == ("dnd", "focus")
    assert offline["d"]["status"] == "offline"


async def test_presence_subscriptions_add_remove_and_clear(scene: Scene) -> None:
    watcher = await connected(scene, scene.alice)
    watcher.socket.client(6, {"add": [1, 2], "remove": [2]})
    first = await watcher.socket.frame()
    watcher.socket.client(6, {"add": [1, 3]})
    second = await watcher.socket.frame()
    watcher.socket.client(6, {"clear": True, "add": [4]})
    third = await watcher.socket.frame()
    watcher.socket.client(6, "not an object")
    watcher.socket.client(6, {"add": [5]})
    fourth = await watcher.socket.frame()

    assert [f["d"]["user_id"] for f in (first, second, third, fourth)] == [1, 3, 4, 5]
    assert scene.gateway.hub.subscribers("presence.user.1") == 0
    assert scene.gateway.hub.subscribers("presence.user.4") == 1


async def test_rtc_binding_alive_sets_the_voice_channel(scene: Scene) -> None:
    watcher = await connected(scene, scene.alice)
    watcher.socket.client(6, {"add": [scene.bob]})
    await watcher.socket.frame()
    bob = await connected(scene, scene.bob)
    bob.socket.client(7, {"channel": 77}, t=510)  # other RTC events are ignored
    bob.socket.client(7, {"nope": 1}, t=509)
    bob.socket.client(7, {"channel": 77}, t=509)

    frame = await watcher.socket.frame()

    assert (frame["d"]["status"], frame["d"]["voice_channel_id"]) == ("online", 77)


async def test_a_new_channel_replaces_the_previous_one(scene: Scene) -> None:
    other = await world.add_channel(scene.fakes, scene.guild_id, ChannelType.GUILD_TEXT)
    bob = await connected(scene, scene.bob)
    bob.socket.client(5, {"channel": scene.channel_id})
    bob.socket.client(5, {"channel": scene.channel_id})  # the same again: nothing changes
    bob.socket.client(5, {"channel": other})
    bob.socket.client(5, {"channel": 999})  # unknown: ignored, the slot stays
    bob.socket.client(5, "garbage")
    bob.socket.client(6, {"add": [1]})
    await bob.socket.frame()

    assert scene.gateway.hub.subscribers(f"channel.{scene.channel_id}") == 0
    assert scene.gateway.hub.subscribers(f"channel.{other}") == 1


async def test_a_removed_member_stops_receiving_the_guild(scene: Scene) -> None:
    bob = await connected(scene, scene.bob)
    alice = await connected(scene, scene.alice)
    await follow(scene, bob)
    await follow(scene, alice)
    removal = dispatch(
        EventType.MEMBER_REMOVE, MemberRemoveEvent(guild_id=scene.guild_id, user_id=scene.bob)
    )
    await scene.fakes.events.publish(f"guild.{scene.guild_id}", removal)
    await settle()

    assert (await bob.socket.frame())["t"] == EventType.MEMBER_REMOVE
    assert (await alice.socket.frame())["t"] == EventType.MEMBER_REMOVE
    assert scene.gateway.hub.subscribers(f"guild.{scene.guild_id}") == 1
    assert scene.gateway.hub.subscribers(f"channel.{scene.channel_id}") == 1


async def test_losing_view_of_a_followed_channel_stops_its_frames(scene: Scene) -> None:
    bob = await connected(scene, scene.bob)
    await follow(scene, bob)
    await world.set_everyone(scene.fakes, scene.guild_id, 0)  # nobody may view now
    role_change = b'{"op":0,"d":{"guild_id":%d,"role_id":1},"t":112}' % scene.guild_id
    await scene.fakes.events.publish(f"guild.{scene.guild_id}", role_change)
    await scene.publish_typing()
    notice = dispatch(
        EventType.GUILD_CHANNEL_MESSAGE,
        GuildChannelMessageEvent(
            guild_id=scene.guild_id, channel_id=scene.channel_id, message_id=1
        ),
    )
    await scene.fakes.events.publish(f"guild.{scene.guild_id}", notice)
    await settle()

    assert [f["t"] for f in [await bob.socket.frame()]] == [112]
    assert bob.socket.sent == []
    assert scene.gateway.metrics.frames_withheld == 2


async def test_a_failed_visibility_lookup_withholds_the_frame(scene: Scene) -> None:
    bob = await connected(scene, scene.bob)
    await follow(scene, bob)

    async def broken(channel_id: int, user_ids: list[int]) -> frozenset[int]:
        raise Unavailable

    scene.gateway.hub._viewers._load = broken
    await scene.publish_typing()

    assert bob.socket.sent == []
    assert scene.gateway.metrics.viewer_lookups_failed == 1


async def test_channel_deletes_reach_all_but_those_known_not_to_see_it(scene: Scene) -> None:
    bob = await connected(scene, scene.bob)
    await follow(scene, bob)
    secret = await world.add_channel(
        scene.fakes, scene.guild_id, ChannelType.GUILD_TEXT, private=True
    )
    hidden = b'{"op":0,"d":{"guild_id":%d,"channel_id":%d,"message_id":1},"t":300}'
    gone = b'{"op":0,"d":{"guild_id":%d,"channel_type":0,"channel_id":%d},"t":109}'
    subject = f"guild.{scene.guild_id}"
    await scene.fakes.events.publish(subject, hidden % (scene.guild_id, secret))
    await scene.fakes.events.publish(subject, gone % (scene.guild_id, secret))
    await scene.fakes.events.publish(subject, gone % (scene.guild_id, 31337))
    await scene.fakes.events.publish(subject, b'{"op":0,"d":{"guild_id":1},"t":300}')
    await scene.fakes.events.publish(subject, b"not json at all {")
    await scene.fakes.events.publish(
        subject, b'{"op":0,"d":{"channel":{"id":%d}},"t":107}' % secret
    )
    await settle()

    frames = [await bob.socket.frame() for _ in range(2)]
    assert [f["t"] for f in frames] == [109, 300]  # the unknown channel's delete; the id-less 300
    assert frames[0]["d"]["channel_id"] == 31337
    assert bob.socket.sent == []


async def test_a_fan_out_that_falls_behind_closes_its_sockets(scene: Scene) -> None:
    small = build_gateway(scene.fakes, GatewayConfig(inbox_size=1))
    small.start()
    try:
        served = serve(small)
        await hello(served, scene.token(scene.bob))
        await follow(scene, served)
        frame = dispatch(
            EventType.CHANNEL_TYPING, TypingEvent(channel_id=scene.channel_id, user_id=1)
        )
        for _ in range(3):
            await small.hub._receive(next(iter(small.hub._topics.values())), "x", frame)

        assert await served.closed() == Close.INTERNAL_ERROR
        assert small.metrics.inbox_overflows >= 1
    finally:
        await small.stop()


async def test_metrics_are_prometheus_text(scene: Scene) -> None:
    await connected(scene, scene.bob)

    text = scene.gateway.metrics.render()

    assert "# TYPE gochat_ws_active_clients gauge\ngochat_ws_active_clients 1\n" in text
    assert "parley_ws_topics 1" in text
