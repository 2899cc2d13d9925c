"""The gateway protocol in process: limits and close codes, heartbeats, slow sockets, resume."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from application.wire.events import EventType, TypingEvent, dispatch
from entrypoints.ws.config import GatewayConfig
from entrypoints.ws.gateway import Gateway
from entrypoints.ws.protocol import Close
from tests.http.gateway_support import Served, build_gateway, hello, serve
from tests.unit.fakes import Fakes, make_fakes
from tests.unit.messages import world


@dataclass
class Scene:
    fakes: Fakes
    gateway: Gateway
    alice: int
    bob: int
    guild_id: int
    channel_id: int

    def token(self, user_id: int) -> str:
        return self.fakes.tokens.issue(user_id, "jti").token

    async def publish_typing(self, n: int = 1) -> None:
        for user_id in range(1, n + 1):
            frame = dispatch(
                EventType.CHANNEL_TYPING, TypingEvent(channel_id=self.channel_id, user_id=user_id)
            )
            await self.fakes.events.publish(f"channel.{self.channel_id}", frame)
        await asyncio.sleep(0.01)  # let the hub fan out


FAST = GatewayConfig(
    heartbeat_interval_ms=200,
    heartbeat_grace_s=0.2,
    hello_timeout_s=0.3,
    queue_size=4,
    rate_frames=10,
    replay_frames=8,
    write_timeout_s=0.5,
)


async def make_scene(config: GatewayConfig = FAST) -> Scene:
    fakes = make_fakes()
    alice = await world.add_user(fakes, "alice")
    bob = await world.add_user(fakes, "bob")
    guild_id, channel_id = await world.make_guild(fakes, alice)
    await world.join(fakes, guild_id, bob)
    gateway = build_gateway(fakes, config)
    gateway.start()
    return Scene(fakes, gateway, alice, bob, guild_id, channel_id)


@pytest.fixture
async def scene() -> AsyncIterator[Scene]:
    made = await make_scene()
    yield made
    await made.gateway.stop()


async def follow(scene: Scene, served: Served) -> None:
    served.socket.client(5, {"guilds": [scene.guild_id], "channel": scene.channel_id})
    served.socket.client(6, {"add": [424242]})  # a snapshot marks "op 5 handled"
    await served.socket.frames_until(lambda f: f["op"] == 3)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", Close.DECODE_ERROR),
        ("[1, 2]", Close.DECODE_ERROR),
        ('{"op": 99, "d": null}', Close.UNKNOWN_OPCODE),
        ('{"op": 0, "d": null}', Close.UNKNOWN_OPCODE),
        ('{"op": 2, "d": {"e": 0}, "pad": "' + "x" * 4100 + '"}', Close.FRAME_TOO_LARGE),
    ],
)
async def test_bad_frames_close_with_their_code_and_others_carry_on(
    scene: Scene, frame: str, code: Close
) -> None:
    bystander = serve(scene.gateway)
    await hello(bystander, scene.token(scene.bob))
    await follow(scene, bystander)
    offender = serve(scene.gateway)
    await hello(offender, scene.token(scene.alice))

    offender.socket.raw(frame)

    assert await offender.closed() == code
    await scene.publish_typing()
    assert (await bystander.socket.frame())["t"] == EventType.CHANNEL_TYPING


async def test_a_bad_token_closes_with_authentication_failed(scene: Scene) -> None:
    served = serve(scene.gateway)
    served.socket.client(2, {"e": 0})  # ignored before hello
    served.socket.client(1, {"token": "nope"})

    assert await served.closed() == Close.AUTHENTICATION_FAILED
    assert served.socket.sent == []


async def test_a_hello_without_a_token_closes_with_authentication_failed(scene: Scene) -> None:
    served = serve(scene.gateway)
    served.socket.client(1, {"heartbeat_session_id": "x"})

    assert await served.closed() == Close.AUTHENTICATION_FAILED


async def test_no_hello_in_time_closes(scene: Scene) -> None:
    served = serve(scene.gateway)

    assert await served.closed() == Close.HELLO_TIMEOUT


async def test_too_many_frames_close_with_rate_limited(scene: Scene) -> None:
    served = serve(scene.gateway)
    await hello(served, scene.token(scene.bob))
    for _ in range(FAST.rate_frames):
        served.socket.client(4, None)  # defined, ignored, but counted

    assert await served.closed() == Close.RATE_LIMITED


async def test_heartbeats_keep_the_socket_open_and_silence_closes_it(scene: Scene) -> None:
    served = serve(scene.gateway)
    await hello(served, scene.token(scene.bob))
    for _ in range(4):
        await asyncio.sleep(0.2)
        served.socket.client(2, {"e": 0})
    assert not served.task.done()  # 0.8 s alive with a 0.4 s timeout

    assert await served.closed() == Close.HEARTBEAT_TIMEOUT


async def test_binary_frames_and_late_hellos_are_ignored(scene: Scene) -> None:
    served = serve(scene.gateway)
    reply = await hello(served, scene.token(scene.bob))
    served.socket.raw(b"\x00binary")
    served.socket.client(1, {"token": "ignored now"})
    await follow(scene, served)
    await scene.publish_typing()

    assert set(reply["d"]) == {"heartbeat_interval", "session_id"}
    assert (await served.socket.frame())["t"] == EventType.CHANNEL_TYPING


async def test_a_slow_socket_is_closed_and_its_session_resumes(scene: Scene) -> None:
    slow = serve(scene.gateway)
    session_id = (await hello(slow, scene.token(scene.bob)))["d"]["session_id"]
    await follow(scene, slow)
    slow.socket.stalled = True
    await scene.publish_typing(FAST.queue_size + 2)

    assert await slow.closed() == Close.SLOW_CONSUMER
    back = serve(scene.gateway)
    # seq 1 was the presence snapshot ``follow`` waited for
    reply = await hello(back, scene.token(scene.bob), heartbeat_session_id=session_id, seq=1)
    replay = [await back.socket.frame() for _ in range(FAST.queue_size + 2)]
    assert reply["d"]["resumed"] is True
    assert [f["d"]["user_id"] for f in replay] == list(range(1, FAST.queue_size + 3))
    assert [f["s"] for f in replay] == list(range(2, FAST.queue_size + 4))


async def test_a_resume_after_a_drop_replays_exactly_the_missed_frames(scene: Scene) -> None:
    first = serve(scene.gateway)
    session_id = (await hello(first, scene.token(scene.bob)))["d"]["session_id"]
    await follow(scene, first)
    await scene.publish_typing(1)
    last_seen = (await first.socket.frame())["s"]
    first.socket.hang_up()
    assert await first.closed() is None
    await scene.publish_typing(5)

    back = serve(scene.gateway)
    reply = await hello(
        back, scene.token(scene.bob), heartbeat_session_id=session_id, seq=last_seen
    )
    missed = [await back.socket.frame() for _ in range(5)]
    await scene.publish_typing(1)
    live = await back.socket.frame()

    assert reply["d"] == {
        "heartbeat_interval": 200,
        "session_id": session_id,
        "seq": last_seen,
        "resumed": True,
    }
    assert [f["s"] for f in missed] == list(range(last_seen + 1, last_seen + 6))
    assert [f["d"]["user_id"] for f in missed] == [1, 2, 3, 4, 5]
    assert live["s"] == last_seen + 6
    assert scene.gateway.metrics.resumes["resumed"] == 1


async def test_a_resume_too_far_back_is_told_to_refetch(scene: Scene) -> None:
    first = serve(scene.gateway)
    session_id = (await hello(first, scene.token(scene.bob)))["d"]["session_id"]
    await follow(scene, first)
    first.socket.hang_up()
    await first.closed()
    await scene.publish_typing(FAST.replay_frames + 3)

    back = serve(scene.gateway)
    reply = await hello(back, scene.token(scene.bob), heartbeat_session_id=session_id, seq=1)
    await scene.publish_typing(1)

    assert reply["d"]["resumed"] is False
    assert reply["d"]["seq"] == 0
    assert back.socket.sent == []  # a fresh session follows nothing until asked
    assert scene.gateway.metrics.resumes["refetch"] == 1


@pytest.mark.parametrize("code", [1000, 1001])
async def test_a_client_closing_on_purpose_ends_its_session(scene: Scene, code: int) -> None:
    first = serve(scene.gateway)
    session_id = (await hello(first, scene.token(scene.bob)))["d"]["session_id"]
    await follow(scene, first)
    first.socket.hang_up(code)
    await first.closed()

    assert scene.gateway.metrics.detached_sessions == 0
    assert scene.gateway.hub.subscribers(f"channel.{scene.channel_id}") == 0
    back = serve(scene.gateway)
    reply = await hello(back, scene.token(scene.bob), heartbeat_session_id=session_id, seq=1)
    assert reply["d"]["resumed"] is False


async def test_an_expired_session_cannot_be_resumed(scene: Scene) -> None:
    first = serve(scene.gateway)
    session_id = (await hello(first, scene.token(scene.bob)))["d"]["session_id"]
    await follow(scene, first)
    first.socket.hang_up()
    await first.closed()
    assert scene.gateway.metrics.detached_sessions == 1
    scene.gateway.sessions._window_s = 0
    await scene.gateway.sessions.sweep()

    assert scene.gateway.metrics.detached_sessions == 0
    assert scene.gateway.hub.subscribers(f"channel.{scene.channel_id}") == 0
    back = serve(scene.gateway)
    reply = await hello(back, scene.token(scene.bob), heartbeat_session_id=session_id, seq=3)
    assert reply["d"]["resumed"] is False


async def test_a_second_socket_with_the_session_id_replaces_the_first(scene: Scene) -> None:
    first = serve(scene.gateway)
    session_id = (await hello(first, scene.token(scene.bob)))["d"]["session_id"]
    second = serve(scene.gateway)
    await hello(second, scene.token(scene.bob), heartbeat_session_id=session_id)

    assert await first.closed() == Close.SESSION_REPLACED
    assert not second.task.done()


async def test_one_bus_subscription_per_subject_whatever_the_sockets(scene: Scene) -> None:
    sockets = [serve(scene.gateway) for _ in range(3)]
    for served in sockets:
        await hello(served, scene.token(scene.bob))
        await follow(scene, served)
    subjects = [".".join(p) for p, _ in scene.fakes.events._subscriptions]

    await scene.publish_typing()

    assert subjects.count(f"channel.{scene.channel_id}") == 1
    assert subjects.count(f"guild.{scene.guild_id}") == 1
    frames = [await served.socket.frame() for served in sockets]
    assert all(f["t"] == EventType.CHANNEL_TYPING for f in frames)
    for served in sockets:
        served.socket.hang_up()
        await served.closed()
    await scene.gateway.sessions.stop()
    assert scene.fakes.events._subscriptions == []


async def test_shutdown_closes_sockets_as_going_away() -> None:
    made = await make_scene()
    served = serve(made.gateway)
    await hello(served, made.token(made.bob))

    await made.gateway.stop()

    assert await served.closed() == Close.GOING_AWAY
    assert made.gateway.metrics.closes[Close.GOING_AWAY] == 1


async def test_zlib_stream_compresses_every_frame_in_one_stream(scene: Scene) -> None:
    served = serve(scene.gateway, compress=True)
    reply = await hello(served, scene.token(scene.bob))
    await follow(scene, served)

    assert served.socket.binary is True
    assert reply["d"]["heartbeat_interval"] == 200
