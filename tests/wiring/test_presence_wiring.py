"""Which presence store the gateway gets: Redis in production with ``redis_url``, else memory."""

import inspect
from pathlib import Path

import pytest

from adapters.memory.presence_store import MemoryPresenceStore
from adapters.redis.presence_store import RedisPresenceStore
from entrypoints.common.infrastructure import Infrastructure
from entrypoints.common.settings import Profile, Settings


async def presence_of(settings: Settings) -> object:
    infra = Infrastructure(settings=settings)
    await infra.redis.init()  # type: ignore[misc]  # async resource: no I/O until first use
    try:
        store: object = infra.presence()
        return await store if inspect.isawaitable(store) else store
    finally:
        await infra.redis.shutdown()  # type: ignore[misc]


async def test_production_with_redis_shares_presence_in_redis(tmp_path: Path) -> None:
    settings = Settings(
        profile=Profile.PRODUCTION,
        data_dir=str(tmp_path),
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        redis_url="redis://127.0.0.1:1/0",
    )
    assert isinstance(await presence_of(settings), RedisPresenceStore)


@pytest.mark.parametrize("profile", list(Profile))
async def test_without_redis_presence_stays_in_process(tmp_path: Path, profile: Profile) -> None:
    settings = Settings(
        profile=profile,
        data_dir=str(tmp_path),
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        redis_url="" if profile is Profile.PRODUCTION else "redis://127.0.0.1:1/0",
    )
    assert isinstance(await presence_of(settings), MemoryPresenceStore)
