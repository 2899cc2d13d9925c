"""Assembling services into processes: all of them behind one port, or one alone."""

import asyncio
import contextlib
import inspect
import logging
import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from dependency_injector import providers
from litestar import Litestar

from entrypoints.api.app import create_app as create_api_app
from entrypoints.api.container import ApiContainer
from entrypoints.auth.app import create_app as create_auth_app
from entrypoints.auth.container import AuthContainer
from entrypoints.common.infrastructure import Infrastructure
from entrypoints.common.settings import Profile, Settings, SettingsError
from entrypoints.edge.app import Edge, StripPrefix, docs_app
from entrypoints.ws.app import create_app as create_ws_app
from entrypoints.ws.container import WsContainer

log = logging.getLogger("parley")

SERVICES = ("api", "auth", "ws")
SECRET_FILE = "auth_secret"  # noqa: S105 - a file name, not a secret


def resolve_secret(settings: Settings) -> Settings:
    """Fill ``auth_secret``: production must configure it; embedded keeps one in its data dir."""
    if settings.auth_secret:
        return settings
    if settings.profile is Profile.PRODUCTION:
        msg = "auth_secret: required in the production profile (PARLEY_AUTH_SECRET)"
        raise SettingsError(msg)
    if settings.profile is Profile.MEMORY:
        return _with_secret(settings, secrets.token_urlsafe(48))
    return _with_secret(settings, _stored_secret(Path(settings.data_dir)))


def _stored_secret(directory: Path) -> str:
    """The secret kept in ``directory``, created (mode 0600) on first use.

    Processes sharing the data dir may start together: the secret is written to a private
    temporary file and hard-linked into place, so none of them ever reads a half-written file
    or replaces the secret another one already uses.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / SECRET_FILE
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{SECRET_FILE}-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    secret = path.read_text(encoding="utf-8").strip()
    if not secret:
        msg = f"auth_secret: {path} is empty; delete it to have a new secret generated"
        raise SettingsError(msg)
    return secret


def _with_secret(settings: Settings, secret: str) -> Settings:
    import msgspec  # noqa: PLC0415 - start-up only

    return msgspec.structs.replace(settings, auth_secret=secret)


def _resources(infra: Infrastructure) -> contextlib.AbstractAsyncContextManager[None]:
    @contextlib.asynccontextmanager
    async def manage() -> AsyncIterator[None]:
        await _open_resources(infra)
        try:
            yield
        finally:
            await _close_resources(infra)

    return manage()


async def _open_resources(infra: Infrastructure) -> None:
    """Open every resource at once; if one fails, close the others before re-raising.

    ``init_resources()`` gathers the openers, and a gather that fails leaves the other openers
    running: a NATS connection or a Scylla session would open afterwards with nobody left to
    close it. So every opener is let finish (cancelling one is not safe: an acsylla schema
    statement cancelled mid-flight was seen to block the event loop for good), then the ones
    that opened are closed and the first failure is raised.
    """
    openers = [
        opener
        for provider in infra.traverse(types=[providers.BaseResource])
        if inspect.isawaitable(opener := provider.init())
    ]
    outcomes = await asyncio.gather(*openers, return_exceptions=True)
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    if failures:
        await _close_resources(infra)
        raise failures[0]


async def _close_resources(infra: Infrastructure) -> None:
    shutdown = infra.shutdown_resources()
    if shutdown is not None:
        await shutdown


def service_apps(infra: Infrastructure, names: tuple[str, ...]) -> dict[str, Litestar]:
    apps: dict[str, Litestar] = {}
    if "api" in names:
        apps["api"] = create_api_app(ApiContainer(infra=infra))
    if "auth" in names:
        apps["auth"] = create_auth_app(AuthContainer(infra=infra))
    if "ws" in names:
        apps["ws"] = create_ws_app(WsContainer(infra=infra))
    return apps


EDGE_PATHS = {"auth": "/api/v1/auth", "api": "/api/v1", "ws": "/ws"}
STRIPPED = frozenset({"ws"})
"""Services whose edge prefix is taken off the path: they serve their own root, as in GoChat."""


def build(settings: Settings, names: tuple[str, ...] = SERVICES) -> Edge:
    """An ASGI app serving the named services behind their GoChat edge paths."""
    settings = resolve_secret(settings)
    infra = Infrastructure(settings=settings)
    apps = service_apps(infra, names)
    if len(apps) == 1 and names[0] in STRIPPED:
        # Alone, such a service answers at its root as GoChat's own process does (/subscribe).
        return Edge([], fallback=apps[names[0]], resources=lambda: _resources(infra))
    routes = [
        (EDGE_PATHS[name], StripPrefix(EDGE_PATHS[name], app) if name in STRIPPED else app)
        for name, app in apps.items()
    ]
    documented = [app for name, app in apps.items() if name not in STRIPPED]
    return Edge(routes, fallback=docs_app(documented), resources=lambda: _resources(infra))


async def migrate(settings: Settings) -> None:
    """Open the relational store once, which brings its schema to head, and close it."""
    infra = Infrastructure(settings=resolve_secret(settings))
    async with _resources(infra):
        log.info("schema is up to date")
