"""Fixtures of the HTTP tier: one in-process app per test module, plus a rate-limited one."""

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.http.support import Platform, running_platform


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    """The real embedded profile (SQLite) with a generous rate limit."""
    async with running_platform(tmp_path_factory.mktemp("parley")) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def limited_platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    """The same app allowing 3 requests per client and route per minute."""
    directory = tmp_path_factory.mktemp("parley-limited")
    async with running_platform(directory, rate_limit_requests=3, rate_limit_time=60) as running:
        yield running
