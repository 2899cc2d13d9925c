"""The ws service's place in the edge: ``/ws`` stripped behind ``parley run``, its root alone."""

from pathlib import Path

import httpx

from entrypoints.common.settings import Settings
from entrypoints.edge.platform import build


def settings_in(data_dir: Path) -> Settings:
    return Settings(data_dir=str(data_dir), argon2_time_cost=1, argon2_memory_kib=8)


async def get(edge: object, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=edge)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return await http.get(path)


async def test_behind_the_edge_the_gateway_answers_under_ws(tmp_path: Path) -> None:
    edge = build(settings_in(tmp_path))
    async with edge.lifespan():
        plain = await get(edge, "/ws/subscribe")
        metrics = await get(edge, "/ws/metrics")
        root = await get(edge, "/subscribe")

    assert (plain.status_code, plain.text) == (426, "Upgrade Required")
    assert "gochat_ws_active_clients 0" in metrics.text
    assert metrics.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert root.status_code == 404


async def test_served_alone_the_gateway_answers_at_its_root(tmp_path: Path) -> None:
    edge = build(settings_in(tmp_path), ("ws",))
    async with edge.lifespan():
        plain = await get(edge, "/subscribe")
        health = await get(edge, "/healthz")

    assert (plain.status_code, plain.text) == (426, "Upgrade Required")
    assert (health.status_code, health.text) == (200, "OK")
