import logging

import msgspec
import pytest

from adapters.memory.event_publisher import MemoryEventPublisher
from application.errors import Unavailable


def frame(n: int) -> bytes:
    return msgspec.json.encode({"op": 0, "t": 100, "d": {"n": n}})


async def test_records_frames_and_decodes_them_by_subject() -> None:
    events = MemoryEventPublisher()
    await events.publish("channel.1", frame(1))
    await events.publish("user.2", frame(2))
    await events.publish("channel.1", frame(3))
    assert events.published[1] == ("user.2", frame(2))
    assert [f["d"]["n"] for f in events.frames()] == [1, 2, 3]
    assert [f["d"]["n"] for f in events.frames("channel.1")] == [1, 3]
    assert events.subjects() == ["channel.1", "user.2", "channel.1"]
    events.clear()
    assert events.frames() == []


async def test_keep_history_false_records_nothing_but_still_delivers() -> None:
    events = MemoryEventPublisher(keep_history=False)
    got: list[str] = []

    async def listener(subject: str, _: bytes) -> None:
        got.append(subject)

    events.subscribe("user.1", listener)
    await events.publish("user.1", frame(1))
    assert events.published == []
    assert got == ["user.1"]


@pytest.mark.parametrize(
    ("pattern", "subject", "delivered"),
    [
        ("user.1", "user.1", True),
        ("user.1", "user.10", False),
        ("user.1", "user.1.x", False),
        ("user.>", "user.1", True),
        ("user.>", "user.1.settings", True),
        ("user.>", "user", False),
        ("user.>", "channel.1", False),
        (">", "anything.at.all", True),
        ("user.*", "user.1", True),
        ("user.*", "user.1.x", False),
        ("presence.*.1", "presence.user.1", True),
        ("presence.*.1", "presence.user.2", False),
    ],
)
async def test_subject_matching_follows_nats(pattern: str, subject: str, delivered: bool) -> None:
    events = MemoryEventPublisher()
    got: list[tuple[str, bytes]] = []

    async def listener(sent_on: str, payload: bytes) -> None:
        got.append((sent_on, payload))

    events.subscribe(pattern, listener)
    await events.publish(subject, frame(1))
    assert got == ([(subject, frame(1))] if delivered else [])


async def test_unsubscribe_stops_only_that_subscription() -> None:
    events = MemoryEventPublisher()
    got: list[str] = []

    async def listener(subject: str, _: bytes) -> None:
        got.append(subject)

    stop_first = events.subscribe("user.>", listener)
    events.subscribe("user.1", listener)
    await events.publish("user.1", frame(1))
    stop_first()
    stop_first()  # a second call is harmless
    await events.publish("user.1", frame(2))
    assert got == ["user.1", "user.1", "user.1"]


async def test_a_subscriber_may_unsubscribe_while_being_called() -> None:
    events = MemoryEventPublisher()
    got: list[int] = []

    async def once(_: str, payload: bytes) -> None:
        got.append(msgspec.json.decode(payload)["d"]["n"])
        stop()

    stop = events.subscribe("user.1", once)
    await events.publish("user.1", frame(1))
    await events.publish("user.1", frame(2))
    assert got == [1]


async def test_failing_subscriber_is_logged_and_others_still_get_the_frame(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events = MemoryEventPublisher()
    got: list[str] = []

    async def broken(_: str, __: bytes) -> None:
        raise RuntimeError("boom")

    async def healthy(subject: str, _: bytes) -> None:
        got.append(subject)

    events.subscribe("user.>", broken)
    events.subscribe("user.>", healthy)
    with caplog.at_level(logging.ERROR):
        await events.publish("user.1", frame(1))
    assert got == ["user.1"]
    assert "user.1" in caplog.text


async def test_unavailable_bus_raises_and_records_nothing() -> None:
    events = MemoryEventPublisher()
    events.unavailable = True
    with pytest.raises(Unavailable):
        await events.publish("user.1", frame(1))
    assert events.published == []


async def test_the_subscriber_side_is_async_and_stops_once() -> None:
    from adapters.memory.event_subscriber import MemoryEventSubscriber  # noqa: PLC0415

    bus = MemoryEventPublisher(keep_history=False)
    got: list[bytes] = []

    async def listener(_: str, payload: bytes) -> None:
        got.append(payload)

    stop = await MemoryEventSubscriber(bus).subscribe("guild.*", listener)
    await bus.publish("guild.1", frame(1))
    await stop()
    await stop()
    await bus.publish("guild.1", frame(2))

    assert got == [frame(1)]
