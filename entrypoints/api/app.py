"""The api service as a Litestar app (spec §2.4.2 to §2.4.10, served under ``/api/v1``)."""

from litestar import Litestar
from litestar.middleware import DefineMiddleware

from entrypoints.api.container import AREAS, ApiContainer
from entrypoints.common.app import (
    healthz,
    openapi_config,
    reject_out_of_range_ids,
    use_case_dependencies,
)
from entrypoints.common.errors import EXCEPTION_HANDLERS
from entrypoints.common.middleware import (
    BearerAuthMiddleware,
    IdempotencyMiddleware,
    RateLimitMiddleware,
)

PUBLIC_PATHS = ["^/healthz$", "^/schema", "^/metrics$"]


def create_app(container: ApiContainer) -> Litestar:
    infra = container.infra
    settings = infra.settings()
    area_containers = [getattr(container, area.__name__.rsplit(".", 1)[-1])() for area in AREAS]
    controllers = [controller for area in AREAS for controller in area.CONTROLLERS]
    return Litestar(
        route_handlers=[healthz, *controllers],
        dependencies=use_case_dependencies(area_containers),
        middleware=[
            DefineMiddleware(BearerAuthMiddleware, tokens=infra.tokens(), exclude=PUBLIC_PATHS),
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
        openapi_config=openapi_config("Parley API"),
        request_max_body_size=settings.max_body_bytes,
        debug=False,
        logging_config=None,
    )
