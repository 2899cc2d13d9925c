"""The auth service as a Litestar app."""

from litestar import Litestar
from litestar.middleware import DefineMiddleware

from entrypoints.auth.container import AuthContainer
from entrypoints.auth.routes import AuthController
from entrypoints.common.app import (
    healthz,
    openapi_config,
    reject_out_of_range_ids,
    use_case_dependencies,
)
from entrypoints.common.errors import EXCEPTION_HANDLERS
from entrypoints.common.middleware import IdempotencyMiddleware, RateLimitMiddleware


def create_app(container: AuthContainer) -> Litestar:
    """Auth routes; rate limited per client address and route (there is no user yet).

    GoChat exempted login, registration, confirmation and recovery from rate limiting, which
    leaves password guessing unthrottled; Parley limits them like every other route.
    """
    infra = container.infra
    settings = infra.settings()
    return Litestar(
        route_handlers=[healthz, AuthController],
        dependencies=use_case_dependencies([container.auth()]),
        middleware=[
            DefineMiddleware(
                RateLimitMiddleware,
                limiter=infra.rate_limiter(),
                requests=settings.rate_limit_requests,
                window_s=settings.rate_limit_time,
            ),
            DefineMiddleware(
                IdempotencyMiddleware,
                store=infra.idempotency(),
                lifetime_s=settings.idempotency_lifetime_minutes * 60,
            ),
        ],
        before_request=reject_out_of_range_ids,
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config("Parley Auth"),
        request_max_body_size=settings.max_body_bytes,
        debug=False,
        logging_config=None,
    )
