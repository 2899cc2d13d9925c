"""The ``indexer.*`` path over JetStream, against the server in ``PARLEY_NATS_URL``.

Each case gets its own stream (own name and subject prefix, deleted afterwards) and connects
the publisher and each consumer separately, as the API and indexer processes would.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

import pytest

from adapters.nats.connection import NatsClient, nats_connection
from adapters.nats.jetstream import (
    Delivery,
    JetStreamConsumer,
    JetStreamEventPublisher,
    StreamSpec,
)
from tests.contract.servers import server_url

pytestmark = pytest.mark.integration

NATS_URL_VARIABLE = "PARLEY_NATS_URL"


@dataclass(frozen=True, slots=True)
class Setup:
    url: str
    stream: StreamSpec
    prefix: str
    admin: NatsClient
    publisher: JetStreamEventPublisher
    stack: AsyncExitStack

    async def consumer(self, ack_wait_s: float = 30.0) -> JetStreamConsumer:
        """A consumer on its own connection (another indexer process)."""
        client = await self.stack.enter_async_context(
            nats_connection(self.url, name="parley-test-indexer")
        )
        consumer = JetStreamConsumer(client, stream=self.stream, ack_wait_s=ack_wait_s)
        await consumer.start()
        self.stack.push_async_callback(consumer.stop)
        return consumer

    async def publish(self, count: int, kind: str = "message") -> list[bytes]:
        payloads = [f'{{"{kind}":{index},"content":"m{index}"}}'.encode() for index in range(count)]
        for payload in payloads:
            await self.publisher.publish(f"{self.prefix}indexer.{kind}", payload)
        return payloads


@pytest.fixture
async def setup() -> AsyncIterator[Setup]:
    url = server_url("nats", NATS_URL_VARIABLE)
    token = uuid.uuid4().hex
    stream = StreamSpec(name=f"TEST_{token}", subject=f"t{token}.indexer.>")
    async with nats_connection(url, name="parley-test-api") as admin:
        publisher = JetStreamEventPublisher(admin, stream=stream)
        await publisher.ensure_stream()
        try:
            async with AsyncExitStack() as stack:
                yield Setup(url, stream, f"t{token}.", admin, publisher, stack)
        finally:
            await admin.jetstream().delete_stream(stream.name)


async def drain(
    consumer: JetStreamConsumer, *, ack: bool = True, batch: int = 10
) -> list[Delivery]:
    """Fetch until nothing more comes, acking as we go."""
    got: list[Delivery] = []
    while deliveries := await consumer.fetch(batch, wait_s=0.5):
        for delivery in deliveries:
            if ack:
                await delivery.ack()
        got.extend(deliveries)
    return got


async def test_publish_returns_once_stored(setup: Setup) -> None:
    await setup.publish(25)
    info = await setup.admin.jetstream().stream_info(setup.stream.name)
    assert info.state.messages == 25


async def test_ensure_stream_is_idempotent_and_applies_new_limits(setup: Setup) -> None:
    await setup.publisher.ensure_stream()
    changed = StreamSpec(name=setup.stream.name, subject=setup.stream.subject, max_age_s=3600)
    await JetStreamEventPublisher(setup.admin, stream=changed).ensure_stream()
    info = await setup.admin.jetstream().stream_info(setup.stream.name)
    assert info.config.max_age == 3600


async def test_a_consumer_gets_every_event_verbatim_in_order(setup: Setup) -> None:
    sent = await setup.publish(30)
    consumer = await setup.consumer()
    got = await drain(consumer)
    assert [delivery.payload for delivery in got] == sent
    assert {delivery.subject for delivery in got} == {f"{setup.prefix}indexer.message"}
    assert {delivery.attempt for delivery in got} == {1}


async def test_competing_consumers_share_the_durable(setup: Setup) -> None:
    sent = await setup.publish(100)
    first, second = await setup.consumer(), await setup.consumer()
    got: dict[str, list[bytes]] = {"first": [], "second": []}
    while True:
        a = await first.fetch(7, wait_s=0.5)
        b = await second.fetch(7, wait_s=0.5)
        if not a and not b:
            break
        for name, deliveries in (("first", a), ("second", b)):
            for delivery in deliveries:
                await delivery.ack()
                got[name].append(delivery.payload)
    assert got["first"]
    assert got["second"]
    assert sorted(got["first"] + got["second"]) == sorted(sent)  # each exactly once
    await setup.admin.flush()
    info = await setup.admin.jetstream().consumer_info(setup.stream.name, "indexer")
    assert info.num_pending == 0
    assert info.num_ack_pending == 0


async def test_concurrent_consumers_never_get_the_same_event(setup: Setup) -> None:
    sent = await setup.publish(200)
    consumers = [await setup.consumer() for _ in range(2)]
    results = await asyncio.gather(*(drain(consumer, batch=5) for consumer in consumers))
    payloads = [delivery.payload for result in results for delivery in result]
    assert sorted(payloads) == sorted(sent)
    assert all(delivery.attempt == 1 for result in results for delivery in result)


async def test_unacked_events_are_redelivered_to_another_consumer(setup: Setup) -> None:
    sent = await setup.publish(6)
    crashing = await setup.consumer(ack_wait_s=1.0)
    taken = await crashing.fetch(4, wait_s=1)
    await taken[0].ack()
    await crashing.stop()  # the process dies holding three unacked events
    survivor = await setup.consumer(ack_wait_s=1.0)
    got = await drain(survivor)
    await asyncio.sleep(1.2)  # past ack_wait (the redelivery may also have come during drain)
    got += await drain(survivor)
    attempts = {delivery.payload: delivery.attempt for delivery in got}
    assert len(got) == len(attempts) == 5
    assert attempts == {payload: 2 if payload in sent[1:4] else 1 for payload in sent[1:]}
    assert await survivor.fetch(10, wait_s=1.5) == []  # all acked now: nothing comes back


async def test_nak_redelivers_without_waiting_for_the_ack_timeout(setup: Setup) -> None:
    await setup.publish(1)
    consumer = await setup.consumer(ack_wait_s=30.0)
    [delivery] = await consumer.fetch(1, wait_s=1)
    await delivery.nak()
    [again] = await consumer.fetch(1, wait_s=2)
    assert (again.payload, again.attempt) == (delivery.payload, 2)
    await again.ack()


async def test_a_restarted_indexer_resumes_after_the_last_ack(setup: Setup) -> None:
    sent = await setup.publish(10)
    before = await setup.consumer()
    assert len(await drain(before)) == 10
    await before.stop()
    more = await setup.publish(3, kind="delete")
    after = await setup.consumer()
    got = await drain(after)
    assert [delivery.payload for delivery in got] == more
    assert not set(sent) & {delivery.payload for delivery in got}


async def test_a_missing_stream_is_recreated_on_publish(setup: Setup) -> None:
    await setup.admin.jetstream().delete_stream(setup.stream.name)
    await setup.publish(2)
    info = await setup.admin.jetstream().stream_info(setup.stream.name)
    assert info.state.messages == 2
