"""Rate limiting and idempotent retries, each on a tiny app over the in-memory stores."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar, MediaType, Response, get, post
from litestar.middleware import DefineMiddleware

from adapters.memory.clock import ManualClock
from adapters.memory.idempotency_store import MemoryIdempotencyStore
from adapters.memory.rate_limiter import MemoryRateLimiter
from entrypoints.common.asgi import ASGIApp
from entrypoints.common.errors import EXCEPTION_HANDLERS
from entrypoints.common.middleware import Deferred, IdempotencyMiddleware, RateLimitMiddleware

KEY = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER_KEY = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
TEXT_PLAIN = "text/plain; charset=utf-8"


def client(app: ASGIApp, ip: str = "10.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


# --- rate limiting -------------------------------------------------------------------------


@get("/item/{item_id:int}", media_type=MediaType.TEXT, sync_to_thread=False)
def item(item_id: int) -> str:
    return f"item {item_id}"


@get("/other", media_type=MediaType.TEXT, sync_to_thread=False)
def other() -> str:
    return "other"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def limited(clock: ManualClock) -> Litestar:
    """Two requests per client and route per minute."""
    limiter = MemoryRateLimiter(clock)
    middleware = DefineMiddleware(
        RateLimitMiddleware, limiter=Deferred(lambda: limiter), requests=2, window_s=60
    )
    return Litestar([item, other], middleware=[middleware], logging_config=None)


def rate_headers(response: httpx.Response) -> tuple[str | None, ...]:
    names = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after")
    return tuple(response.headers.get(name) for name in names)


async def test_allowed_responses_carry_the_rate_limit_headers(limited: Litestar) -> None:
    async with client(limited) as http:
        first = await http.get("/item/1")
        second = await http.get("/item/1")

    assert (first.status_code, first.text) == (200, "item 1")
    assert rate_headers(first) == ("2", "1", "60", None)
    assert rate_headers(second) == ("2", "0", "60", None)


async def test_over_the_limit_is_429_with_retry_after(
    limited: Litestar, clock: ManualClock
) -> None:
    async with client(limited) as http:
        for _ in range(2):
            assert (await http.get("/item/1")).status_code == 200
        clock.advance(15_500)
        refused = await http.get("/item/1")

    assert refused.status_code == 429
    assert refused.text == "Too Many Requests"
    assert refused.headers["content-type"] == TEXT_PLAIN
    assert rate_headers(refused) == ("2", "0", "45", "45")


async def test_the_window_reopens_after_it_lapses(limited: Litestar, clock: ManualClock) -> None:
    async with client(limited) as http:
        for _ in range(3):
            await http.get("/item/1")
        clock.advance(60_000)
        again = await http.get("/item/1")

    assert again.status_code == 200
    assert rate_headers(again) == ("2", "1", "60", None)


async def test_limits_count_per_route_template_and_per_client(limited: Litestar) -> None:
    async with client(limited) as http:
        await http.get("/item/1")
        await http.get("/item/2")
        same_template = await http.get("/item/3")
        other_route = await http.get("/other")
    async with client(limited, ip="10.0.0.2") as http:
        other_client = await http.get("/item/1")

    assert same_template.status_code == 429
    assert (other_route.status_code, rate_headers(other_route)[1]) == (200, "1")
    assert (other_client.status_code, rate_headers(other_client)[1]) == (200, "1")


# --- idempotency ---------------------------------------------------------------------------


class Calls:
    """What the tiny app's handlers have been asked to do."""

    def __init__(self) -> None:
        self.created = 0
        self.failures = 0
        self.started = asyncio.Event()
        self.release = asyncio.Event()


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def store(clock: ManualClock) -> MemoryIdempotencyStore:
    return MemoryIdempotencyStore(clock)


@pytest.fixture
def idempotent(calls: Calls, store: MemoryIdempotencyStore) -> Litestar:
    """Handlers that count their runs; responses are kept for 10 minutes."""

    @post("/things", status_code=201, sync_to_thread=False)
    def create_thing() -> dict[str, int]:
        calls.created += 1
        return {"n": calls.created}

    @post("/text", status_code=202, media_type=MediaType.TEXT, sync_to_thread=False)
    def accept_text() -> str:
        calls.created += 1
        return f"accepted {calls.created}"

    @post("/flaky", sync_to_thread=False)
    def flaky() -> Response[str]:
        calls.failures += 1
        if calls.failures == 1:
            raise RuntimeError("first attempt fails")
        return Response("worked", status_code=200, media_type=MediaType.TEXT)

    @post("/unavailable", sync_to_thread=False)
    def unavailable() -> Response[str]:
        calls.failures += 1
        return Response("down", status_code=503, media_type=MediaType.TEXT)

    @post("/slow", status_code=200, media_type=MediaType.TEXT)
    async def slow() -> str:
        calls.started.set()
        await calls.release.wait()
        return "slow done"

    @get("/count", media_type=MediaType.TEXT, sync_to_thread=False)
    def count() -> str:
        calls.created += 1
        return str(calls.created)

    middleware = DefineMiddleware(
        IdempotencyMiddleware, store=Deferred(lambda: store), lifetime_s=600
    )
    return Litestar(
        [create_thing, accept_text, flaky, unavailable, slow, count],
        middleware=[middleware],
        exception_handlers=EXCEPTION_HANDLERS,
        logging_config=None,
    )


@pytest.fixture
async def http(idempotent: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client(idempotent) as http:
        yield http


def keyed(key: str = KEY) -> dict[str, str]:
    return {"X-Idempotency-Key": key}


async def test_a_repeated_key_replays_status_body_and_content_type(
    http: httpx.AsyncClient, calls: Calls
) -> None:
    first = await http.post("/things", headers=keyed())
    replay = await http.post("/things", headers=keyed())

    assert calls.created == 1
    assert (first.status_code, first.json()) == (201, {"n": 1})
    assert (replay.status_code, replay.content) == (201, first.content)
    assert replay.headers["content-type"] == first.headers["content-type"] == "application/json"
    assert replay.headers["x-idempotency-replayed"] == "true"
    assert "x-idempotency-replayed" not in first.headers


async def test_a_text_reply_replays_with_its_charset(http: httpx.AsyncClient, calls: Calls) -> None:
    first = await http.post("/text", headers=keyed())
    replay = await http.post("/text", headers=keyed())

    assert calls.created == 1
    assert (replay.status_code, replay.text) == (202, "accepted 1")
    assert replay.headers["content-type"] == first.headers["content-type"] == TEXT_PLAIN


async def test_another_key_or_no_key_runs_again(http: httpx.AsyncClient, calls: Calls) -> None:
    await http.post("/things", headers=keyed())
    other = await http.post("/things", headers=keyed(OTHER_KEY))
    unkeyed = await http.post("/things")

    assert calls.created == 3
    assert other.json() == {"n": 2}
    assert unkeyed.json() == {"n": 3}


async def test_safe_methods_are_never_replayed(http: httpx.AsyncClient, calls: Calls) -> None:
    assert (await http.get("/count", headers=keyed())).text == "1"
    assert (await http.get("/count", headers=keyed())).text == "2"
    assert calls.created == 2


async def test_keys_are_scoped_to_the_caller(idempotent: Litestar, calls: Calls) -> None:
    async with client(idempotent, ip="10.0.0.1") as one, client(idempotent, ip="10.0.0.2") as two:
        mine = await one.post("/things", headers=keyed())
        theirs = await two.post("/things", headers=keyed())

    assert calls.created == 2
    assert mine.json() == {"n": 1}
    assert theirs.json() == {"n": 2}


async def test_a_server_error_releases_the_claim_so_a_retry_runs(
    http: httpx.AsyncClient, calls: Calls
) -> None:
    failed = await http.post("/flaky", headers=keyed())
    retried = await http.post("/flaky", headers=keyed())
    replayed = await http.post("/flaky", headers=keyed())

    assert (failed.status_code, failed.text) == (500, "Internal Server Error")
    assert (retried.status_code, retried.text) == (200, "worked")
    assert "x-idempotency-replayed" not in retried.headers
    assert (replayed.status_code, replayed.text) == (200, "worked")
    assert replayed.headers["x-idempotency-replayed"] == "true"
    assert calls.failures == 2


async def test_a_503_is_not_stored_either(http: httpx.AsyncClient, calls: Calls) -> None:
    for _ in range(2):
        response = await http.post("/unavailable", headers=keyed())
        assert (response.status_code, response.text) == (503, "down")
        assert "x-idempotency-replayed" not in response.headers
    assert calls.failures == 2


async def test_a_key_in_flight_is_refused(http: httpx.AsyncClient, calls: Calls) -> None:
    first = asyncio.ensure_future(http.post("/slow", headers=keyed()))
    async with asyncio.timeout(5):
        await calls.started.wait()
    second = await http.post("/slow", headers=keyed())
    calls.release.set()
    done = await first

    assert (second.status_code, second.text) == (
        400,
        "request with this idempotency key is already in progress",
    )
    assert (done.status_code, done.text) == (200, "slow done")


async def test_stored_responses_lapse_after_their_lifetime(
    http: httpx.AsyncClient, calls: Calls, clock: ManualClock
) -> None:
    await http.post("/things", headers=keyed())
    clock.advance(600_000)
    again = await http.post("/things", headers=keyed())

    assert again.json() == {"n": 2}
    assert "x-idempotency-replayed" not in again.headers


@pytest.mark.parametrize("key", ["short", KEY + "x"])
async def test_a_key_of_the_wrong_length_is_a_400(
    http: httpx.AsyncClient, calls: Calls, key: str
) -> None:
    response = await http.post("/things", headers=keyed(key))

    assert response.status_code == 400
    assert response.text == f"invalid idempotency key: invalid length: {len(key)} != 36"
    assert calls.created == 0
