"""The edge: longest-prefix routing, its own replies, the merged schema, and the lifespan."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from litestar import Litestar

from adapters.system.worker_id import claim_worker_id
from entrypoints.common.asgi import Message, Receive, Scope, Send
from entrypoints.common.settings import Settings
from entrypoints.edge.app import Edge, merge_openapi
from entrypoints.edge.lifespan import run_lifespan
from entrypoints.edge.platform import EDGE_PATHS, build

TEXT_PLAIN = "text/plain; charset=utf-8"


class FakeApp:
    """An ASGI app answering its own name, recording what its lifespan went through."""

    def __init__(self, name: str, journal: list[str], *, fail_on: str = "") -> None:
        self.name = name
        self.journal = journal
        self.fail_on = fail_on

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": self.name.encode()})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        for phase in ("startup", "shutdown"):
            message = await receive()
            assert message["type"] == f"lifespan.{phase}"
            if phase == self.fail_on:
                self.journal.append(f"{self.name} {phase} failed")
                await send({"type": f"lifespan.{phase}.failed", "message": "boom"})
                return
            self.journal.append(f"{self.name} {phase}")
            await send({"type": f"lifespan.{phase}.complete"})


def resources(journal: list[str]) -> contextlib.AbstractAsyncContextManager[None]:
    @contextlib.asynccontextmanager
    async def manage() -> AsyncIterator[None]:
        journal.append("resources open")
        try:
            yield
        finally:
            journal.append("resources closed")

    return manage()


def fake_edge(journal: list[str], *, failing: str = "", fail_on: str = "startup") -> Edge:
    def app(name: str) -> FakeApp:
        return FakeApp(name, journal, fail_on=fail_on if name == failing else "")

    # Listed shortest first on purpose: the edge must not depend on the order given.
    routes = [("/api/v1", app("api")), ("/api/v1/auth", app("auth"))]
    return Edge(routes, fallback=app("docs"), resources=lambda: resources(journal))


async def get_text(app: Any, path: str) -> str:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        return (await http.get(path)).text


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("/api/v1/auth/login", "auth"),
        ("/api/v1/auth", "auth"),
        ("/api/v1/auth/", "auth"),
        ("/api/v1/authx", "api"),
        ("/api/v1/guild/1/channel", "api"),
        ("/api/v1", "api"),
        ("/api/v1x", "docs"),
        ("/api", "docs"),
        ("/healthz", "docs"),
        ("/schema/openapi.json", "docs"),
        ("/", "docs"),
    ],
)
async def test_the_longest_matching_prefix_wins(path: str, owner: str) -> None:
    assert await get_text(fake_edge([]), path) == owner


async def test_lifespan_opens_resources_then_starts_and_stops_every_app() -> None:
    journal: list[str] = []

    async with fake_edge(journal).lifespan():
        assert journal == [
            "resources open",
            "auth startup",
            "api startup",
            "docs startup",
        ]

    assert journal[4:] == ["docs shutdown", "api shutdown", "auth shutdown", "resources closed"]


async def test_the_asgi_lifespan_protocol_drives_the_same_sequence() -> None:
    """What uvicorn does: ``lifespan.startup`` … ``lifespan.shutdown`` on the edge itself."""
    journal: list[str] = []

    async with asyncio.timeout(5), run_lifespan(fake_edge(journal)):
        assert len(journal) == 4

    assert journal[-1] == "resources closed"
    assert len(journal) == 8


async def test_a_sub_app_failing_to_start_unwinds_what_had_started() -> None:
    journal: list[str] = []

    with pytest.raises(RuntimeError, match="sub-app failed to start: boom"):
        async with fake_edge(journal, failing="api").lifespan():
            pytest.fail("the edge must not start")

    assert journal == [
        "resources open",
        "auth startup",
        "api startup failed",
        "auth shutdown",
        "resources closed",
    ]


async def test_a_failed_start_is_reported_to_the_server_not_raised() -> None:
    """Raising would tell an ASGI server "lifespan unsupported" and let it serve regardless."""
    journal: list[str] = []

    with pytest.raises(RuntimeError, match="sub-app failed to start: startup: RuntimeError"):
        async with asyncio.timeout(5), run_lifespan(fake_edge(journal, failing="docs")):
            pytest.fail("the edge must not start")

    assert journal[-1] == "resources closed"


async def test_a_failed_shutdown_is_reported_and_still_closes_resources() -> None:
    journal: list[str] = []
    received: list[Message] = []
    inbox = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> Message:
        return inbox.pop(0)

    async def send(message: Message) -> None:
        received.append(message)

    edge = fake_edge(journal, failing="auth", fail_on="shutdown")
    async with asyncio.timeout(5):
        await edge({"type": "lifespan"}, receive, send)

    assert [message["type"] for message in received] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.failed",
    ]
    assert journal[-1] == "resources closed"


# --- the real platform -------------------------------------------------------------------


def settings_in(data_dir: Path) -> Settings:
    return Settings(data_dir=str(data_dir), argon2_time_cost=1, argon2_memory_kib=8)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def platform(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[Edge, httpx.AsyncClient]]:
    edge = build(settings_in(tmp_path_factory.mktemp("edge")))
    async with (
        edge.lifespan(),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=edge), base_url="http://test") as http,
    ):
        yield edge, http


@pytest.fixture
def http(platform: tuple[Edge, httpx.AsyncClient]) -> httpx.AsyncClient:
    return platform[1]


on_module_loop = pytest.mark.asyncio(loop_scope="module")


@on_module_loop
async def test_services_sit_behind_their_gochat_prefixes(
    platform: tuple[Edge, httpx.AsyncClient],
) -> None:
    edge, http = platform
    auth_login = await http.post("/api/v1/auth/login", content=b"")
    api_me = await http.get("/api/v1/user/me")

    assert EDGE_PATHS == {"auth": "/api/v1/auth", "api": "/api/v1", "ws": "/ws"}
    assert [prefix for prefix, _ in edge._routes] == ["/api/v1/auth", "/api/v1", "/ws"]
    assert (auth_login.status_code, auth_login.text) == (400, "unable to parse body")
    assert (api_me.status_code, api_me.text) == (400, "missing or malformed JWT")


@on_module_loop
async def test_healthz_answers_ok(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")

    assert (response.status_code, response.text) == (200, "OK")
    assert response.headers["content-type"] == TEXT_PLAIN


@on_module_loop
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/x"), ("POST", "/x"), ("GET", "/api/v1x"), ("GET", "/api/v1/nope")],
)
async def test_unknown_paths_are_gochat_404s(
    http: httpx.AsyncClient, method: str, path: str
) -> None:
    """The docs app used to answer Litestar's JSON ``{"status_code":404,…}``."""
    response = await http.request(method, path)

    assert (response.status_code, response.text) == (404, f"Cannot {method} {path}")
    assert response.headers["content-type"] == TEXT_PLAIN


@on_module_loop
async def test_the_schema_merges_every_service(
    platform: tuple[Edge, httpx.AsyncClient],
) -> None:
    edge, http = platform
    response = await http.get("/schema/openapi.json")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = json.loads(response.content)
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "Parley"
    assert {"/api/v1/auth/login", "/api/v1/guild"} <= set(document["paths"])
    services = [app for _, app in edge._routes if isinstance(app, Litestar)]
    assert len(services) == 2
    expected: set[str] = set()
    for service in services:
        expected |= set(service.openapi_schema.to_schema()["paths"])
    assert set(document["paths"]) == expected
    assert "/healthz" not in document["paths"]
    assert document["components"]["schemas"]
    assert document == merge_openapi(services, "Parley")


@on_module_loop
async def test_the_schema_page_is_html(http: httpx.AsyncClient) -> None:
    response = await http.get("/schema")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert "SwaggerUIBundle" in response.text
    assert "/api/v1/auth/login" in response.text


class LifespanRecorder:
    """Wraps an ASGI app and notes the lifespan replies it sends."""

    def __init__(self, app: Any, journal: list[str]) -> None:
        self.app = app
        self.journal = journal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def noting(message: Message) -> None:
            self.journal.append(message["type"])
            await send(message)

        await self.app(scope, receive, noting if scope["type"] == "lifespan" else send)


async def test_the_platform_lifespan_runs_every_service_and_the_resources(
    tmp_path: Path,
) -> None:
    edge = build(settings_in(tmp_path))
    journal: list[str] = []
    edge._apps = [LifespanRecorder(app, journal) for app in edge._apps]
    workers = tmp_path / "workers"

    assert not (tmp_path / "parley.sqlite3").exists()
    async with run_lifespan(edge):
        assert (tmp_path / "parley.sqlite3").is_file()
        assert journal == ["lifespan.startup.complete"] * 4  # api, auth, ws and the docs
        with claim_worker_id(workers) as other:
            assert other.worker_id == 1  # the edge holds 0

    assert journal[4:] == ["lifespan.shutdown.complete"] * 4
    with claim_worker_id(workers) as freed:
        assert freed.worker_id == 0


async def test_a_litestar_app_failing_to_start_is_reported(tmp_path: Path) -> None:
    def refuse() -> None:
        raise RuntimeError("no database")

    app = Litestar([], on_startup=[refuse], logging_config=None)

    with pytest.raises(
        RuntimeError, match=r"(?s)sub-app failed to start: .*RuntimeError: no database"
    ):
        async with asyncio.timeout(5), run_lifespan(app):
            pytest.fail("the app must not start")
