"""The ``EventPublisher`` contract, with the subscriber side the WS gateway uses.

``memory`` delivers in process while ``publish`` runs; ``nats`` publishes on one connection and
subscribes on another (the API and the gateway are separate processes), against the server in
``PARLEY_NATS_URL``, so delivery is awaited. Each case prefixes its subjects with its own token,
so runs sharing a server do not see each other's frames; the harness hides the prefix.

A frame that must *not* arrive is checked with a sentinel published after it on a subject the
same subscription receives: per-publisher order means the unwanted frame would have come first.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest

from adapters.memory.event_publisher import MemoryEventPublisher
from adapters.memory.event_subscriber import MemoryEventSubscriber
from adapters.nats.connection import nats_connection
from adapters.nats.event_publisher import NatsEventPublisher
from application.ports.event_publisher import EventPublisher
from tests.contract.servers import server_url

NATS_URL_VARIABLE = "PARLEY_NATS_URL"
WAIT_S = 5.0

Callback = Callable[[str, bytes], Awaitable[None]]
Unsubscribe = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Bus:
    publisher: EventPublisher
    subscribe_raw: Callable[[str, Callback], Awaitable[Unsubscribe]]
    prefix: str

    async def publish(self, subject: str, payload: bytes) -> None:
        await self.publisher.publish(self.prefix + subject, payload)

    async def subscribe(self, subject: str, callback: Callback) -> Unsubscribe:
        async def unprefixed(subject: str, payload: bytes) -> None:
            await callback(subject.removeprefix(self.prefix), payload)

        return await self.subscribe_raw(self.prefix + subject, unprefixed)


class Inbox:
    """A subscriber that records what it gets and lets the test wait for it."""

    def __init__(self) -> None:
        self.frames: list[tuple[str, bytes]] = []
        self._arrived = asyncio.Event()

    async def __call__(self, subject: str, payload: bytes) -> None:
        self.frames.append((subject, payload))
        self._arrived.set()

    async def wait_for(self, count: int) -> list[tuple[str, bytes]]:
        async with asyncio.timeout(WAIT_S):
            while len(self.frames) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return self.frames

    def subjects(self) -> list[str]:
        return [subject for subject, _ in self.frames]


def memory_bus() -> Bus:
    bus = MemoryEventPublisher(keep_history=False)
    return Bus(publisher=bus, subscribe_raw=MemoryEventSubscriber(bus).subscribe, prefix="")


@pytest.fixture(params=["memory", pytest.param("nats", marks=pytest.mark.integration)])
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[Bus]:
    if request.param == "memory":
        yield memory_bus()
        return
    url = server_url("nats", NATS_URL_VARIABLE)
    async with (
        nats_connection(url, name="parley-test-api") as api,
        nats_connection(url, name="parley-test-ws") as ws,
    ):
        gateway = NatsEventPublisher(ws)

        async def subscribe(subject: str, callback: Callback) -> Unsubscribe:
            unsubscribe = await gateway.subscribe(subject, callback)
            # The interest reaches the server before the case publishes. nats-py writes a
            # flush's PING ahead of commands still queued, so one flush can overtake the SUB;
            # the second cannot.
            await ws.flush()
            await ws.flush()
            return unsubscribe

        yield Bus(
            publisher=NatsEventPublisher(api),
            subscribe_raw=subscribe,
            prefix=f"t{uuid.uuid4().hex}.",
        )


FRAME = '{"op":0,"d":{"guild_id":null,"message":{"content":"héllo ✓ \\r\\n"}},"t":100}'.encode()


@pytest.mark.parametrize(
    "payload",
    [FRAME, b"", b"\x00\xff\r\nPUB x 1\r\n", bytes(range(256)) * 64],
    ids=["frame", "empty", "binary", "16k"],
)
async def test_delivers_the_exact_bytes(bus: Bus, payload: bytes) -> None:
    inbox = Inbox()
    await bus.subscribe("channel.1", inbox)
    await bus.publish("channel.1", payload)
    assert await inbox.wait_for(1) == [("channel.1", payload)]


async def test_only_the_subscribed_subject_is_delivered(bus: Bus) -> None:
    inbox = Inbox()
    await bus.subscribe("channel.1", inbox)
    for other in ("channel.2", "channel.10", "channel.1.x", "guild.1", "user.1"):
        await bus.publish(other, b"no")
    await bus.publish("channel.1", b"yes")
    assert await inbox.wait_for(1) == [("channel.1", b"yes")]


async def test_star_matches_exactly_one_token(bus: Bus) -> None:
    inbox = Inbox()
    await bus.subscribe("channel.*", inbox)
    for subject in ("channel.1", "channel", "channel.1.x", "guild.1", "channel.2"):
        await bus.publish(subject, subject.encode())
    await inbox.wait_for(2)
    await bus.publish("channel.3", b"sentinel")
    await inbox.wait_for(3)
    assert inbox.subjects() == ["channel.1", "channel.2", "channel.3"]


async def test_star_in_the_middle(bus: Bus) -> None:
    inbox = Inbox()
    await bus.subscribe("presence.*.7", inbox)
    for subject in ("presence.user.7", "presence.user.8", "presence.7", "presence.bot.7"):
        await bus.publish(subject, b"")
    await inbox.wait_for(2)
    await bus.publish("presence.x.7", b"sentinel")
    await inbox.wait_for(3)
    assert inbox.subjects() == ["presence.user.7", "presence.bot.7", "presence.x.7"]


async def test_greater_than_matches_one_or_more_tokens(bus: Bus) -> None:
    inbox = Inbox()
    await bus.subscribe("presence.>", inbox)
    for subject in ("presence.user.1", "presence", "presence.user.2.x", "user.1"):
        await bus.publish(subject, b"")
    await inbox.wait_for(2)
    await bus.publish("presence.z", b"sentinel")
    await inbox.wait_for(3)
    assert inbox.subjects() == ["presence.user.1", "presence.user.2.x", "presence.z"]


async def test_every_subscriber_of_a_subject_gets_each_frame(bus: Bus) -> None:
    first, second, wide = Inbox(), Inbox(), Inbox()
    await bus.subscribe("guild.5", first)
    await bus.subscribe("guild.5", second)
    await bus.subscribe("guild.*", wide)
    await bus.publish("guild.5", b"f")
    for inbox in (first, second, wide):
        assert await inbox.wait_for(1) == [("guild.5", b"f")]


async def test_the_same_callback_twice_is_two_subscriptions(bus: Bus) -> None:
    inbox = Inbox()
    stop_one = await bus.subscribe("user.1", inbox)
    await bus.subscribe("user.1", inbox)
    await bus.publish("user.1", b"a")
    await inbox.wait_for(2)
    await stop_one()
    await bus.publish("user.1", b"b")
    await inbox.wait_for(3)
    assert [payload for _, payload in inbox.frames] == [b"a", b"a", b"b"]


async def test_unsubscribe_stops_delivery_and_leaves_others(bus: Bus) -> None:
    stopped, kept = Inbox(), Inbox()
    stop = await bus.subscribe("channel.1", stopped)
    await bus.subscribe("channel.1", kept)
    await bus.publish("channel.1", b"before")
    await stopped.wait_for(1)
    await stop()
    await stop()  # a second call is harmless
    await bus.publish("channel.1", b"after")
    await kept.wait_for(2)
    await asyncio.sleep(0.05)
    assert stopped.frames == [("channel.1", b"before")]
    assert [payload for _, payload in kept.frames] == [b"before", b"after"]


async def test_unsubscribe_from_inside_the_callback(bus: Bus) -> None:
    """A gateway drops the subscription when its last socket leaves, possibly mid-delivery."""
    got: list[bytes] = []
    done = asyncio.Event()
    stop: Unsubscribe | None = None

    async def once(_subject: str, payload: bytes) -> None:
        got.append(payload)
        assert stop is not None
        await stop()
        await asyncio.sleep(0)  # the callback keeps running after unsubscribing
        done.set()

    kept = Inbox()
    stop = await bus.subscribe("channel.1", once)
    await bus.subscribe("channel.1", kept)
    for index in range(5):
        await bus.publish("channel.1", str(index).encode())
    await kept.wait_for(5)
    async with asyncio.timeout(WAIT_S):
        await done.wait()
    await asyncio.sleep(0.05)
    assert got == [b"0"]


async def test_a_failing_subscriber_does_not_stop_the_others(bus: Bus) -> None:
    async def broken(_subject: str, _payload: bytes) -> None:
        raise RuntimeError("subscriber bug")

    inbox = Inbox()
    await bus.subscribe("channel.1", broken)
    await bus.subscribe("channel.1", inbox)
    await bus.publish("channel.1", b"1")
    await bus.publish("channel.1", b"2")
    assert [payload for _, payload in await inbox.wait_for(2)] == [b"1", b"2"]


async def test_frames_of_a_subject_arrive_in_publish_order(bus: Bus) -> None:
    inbox = Inbox()
    await bus.subscribe("channel.9", inbox)
    sent = [f'{{"op":0,"d":{{"n":{index}}},"t":100}}'.encode() for index in range(500)]
    for payload in sent:
        await bus.publish("channel.9", payload)
    assert [payload for _, payload in await inbox.wait_for(len(sent))] == sent


async def test_many_frames_over_many_subjects(bus: Bus) -> None:
    everything, one = Inbox(), Inbox()
    await bus.subscribe("channel.>", everything)
    await bus.subscribe("channel.3", one)
    channels, per_channel = 20, 250
    for index in range(per_channel):
        for channel in range(channels):
            await bus.publish(f"channel.{channel}", f"{channel}:{index}".encode())
    frames = await everything.wait_for(channels * per_channel)
    assert len(frames) == channels * per_channel
    for channel in range(channels):
        mine = [payload for subject, payload in frames if subject == f"channel.{channel}"]
        assert mine == [f"{channel}:{index}".encode() for index in range(per_channel)]
    assert len(await one.wait_for(per_channel)) == per_channel
    await asyncio.sleep(0.05)
    assert len(everything.frames) == channels * per_channel
