"""The auth service as a Litestar app."""

from litestar import Litestar

from entrypoints.auth.container import AuthContainer
from entrypoints.auth.routes import AuthController
from entrypoints.common.app import service_app, use_case_dependencies


def create_app(container: AuthContainer) -> Litestar:
    """Auth routes; rate limited per client address and route (there is no user yet).

    GoChat exempted login, registration, confirmation and recovery from rate limiting, which
    leaves password guessing unthrottled; Parley limits them like every other route.
    """
    return service_app(
        title="Parley Auth",
        infra=container.infra,
        route_handlers=[AuthController],
        dependencies=use_case_dependencies([container.auth()]),
        authenticate=False,
    )
