"""The api service as a Litestar app (spec §2.4.2 to §2.4.10, served under ``/api/v1``)."""

from litestar import Litestar

from entrypoints.api.container import AREAS, ApiContainer
from entrypoints.common.app import service_app, use_case_dependencies


def create_app(container: ApiContainer) -> Litestar:
    """Every api route behind bearer auth, limited per user and route."""
    area_containers = [getattr(container, area.__name__.rsplit(".", 1)[-1])() for area in AREAS]
    return service_app(
        title="Parley API",
        infra=container.infra,
        route_handlers=[controller for area in AREAS for controller in area.CONTROLLERS],
        dependencies=use_case_dependencies(area_containers),
        authenticate=True,
    )
