"""Building blocks every service's Litestar app uses: DI wiring, health, OpenAPI, errors."""

import inspect
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from dependency_injector import containers, providers
from litestar import Litestar, Request, get
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin

from domain.ids import MAX_ID
from entrypoints.common.errors import EXCEPTION_HANDLERS
from entrypoints.common.http import TEXT
from entrypoints.common.middleware import (
    BearerAuthMiddleware,
    Deferred,
    IdempotencyMiddleware,
    RateLimitMiddleware,
)

PUBLIC_PATHS = ["^/healthz$", "^/schema", "^/metrics$"]


def use_case_dependencies(areas: Iterable[containers.Container]) -> dict[str, Provide]:
    """Expose every use-case provider of the given area containers as a Litestar dependency.

    Handlers then name the use case they need as a parameter (``create_guild: CreateGuildHandler``).
    Use cases are stateless singletons, so the dependency is resolved once and cached.
    """
    dependencies: dict[str, Provide] = {}
    for area in areas:
        for name, provider in area.providers.items():
            if name == "ports" or not isinstance(provider, providers.Singleton):
                continue
            if name in dependencies:
                msg = f"use case provider name {name!r} is defined twice"
                raise ValueError(msg)
            dependencies[name] = Provide(_resolver(provider), use_cache=True)
    dependencies["actor"] = Provide(provide_actor, sync_to_thread=False)
    return dependencies


def _resolver(provider: providers.Provider[Any]) -> Callable[[], Awaitable[Any]]:
    """Providers whose graph holds an async resource answer with an awaitable; unwrap it."""

    async def resolve() -> Any:
        value = provider()
        if inspect.isawaitable(value):
            value = await value
        return value

    return resolve


def provide_actor(request: Request[Any, Any, Any]) -> int:
    """The authenticated user's id (set by the bearer-auth middleware)."""
    user = request.scope.get("user")
    assert isinstance(user, int)  # noqa: S101 - the middleware guarantees it on protected routes
    return user


async def reject_out_of_range_ids(request: Request[Any, Any, Any]) -> None:
    """An integer path id beyond int64 does not match GoChat's ``<int>`` routes: 404.

    Without this the value would reach the stores, which cannot bind it.
    """
    for value in request.path_params.values():
        if isinstance(value, int) and not -MAX_ID - 1 <= value <= MAX_ID:
            raise NotFoundException


@get("/healthz", media_type=TEXT, include_in_schema=False, sync_to_thread=False)
def healthz() -> str:
    return "OK"


def openapi_config(title: str, version: str = "1.7.0") -> OpenAPIConfig:
    return OpenAPIConfig(
        title=title,
        version=version,
        path="/schema",
        render_plugins=[SwaggerRenderPlugin()],
        use_handler_docstrings=True,
    )


def service_app(
    *,
    title: str,
    infra: Any,
    route_handlers: Sequence[Any],
    dependencies: dict[str, Provide],
    authenticate: bool,
) -> Litestar:
    """One service's Litestar app with the shared middleware, errors, limits and OpenAPI.

    ``authenticate`` puts bearer auth in front of every route but ``PUBLIC_PATHS``; the auth
    service has no user yet, so its limits fall back to the client address.
    """
    settings = infra.settings()
    middleware: list[DefineMiddleware] = []
    if authenticate:
        middleware.append(
            DefineMiddleware(BearerAuthMiddleware, tokens=infra.tokens(), exclude=PUBLIC_PATHS)
        )
    middleware += [
        DefineMiddleware(
            RateLimitMiddleware,
            limiter=Deferred(infra.rate_limiter),
            requests=settings.rate_limit_requests,
            window_s=settings.rate_limit_time,
        ),
        DefineMiddleware(
            IdempotencyMiddleware,
            store=Deferred(infra.idempotency),
            lifetime_s=settings.idempotency_lifetime_minutes * 60,
        ),
    ]
    return Litestar(
        route_handlers=[healthz, *route_handlers],
        dependencies=dependencies,
        middleware=middleware,
        before_request=reject_out_of_range_ids,
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(title),
        request_max_body_size=settings.max_body_bytes,
        debug=False,
        logging_config=None,
    )
