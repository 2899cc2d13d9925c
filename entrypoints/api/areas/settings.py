"""Settings routes (spec §2.4.2 rows 25-26, §13.3)."""

from typing import Any

from dependency_injector import containers, providers
from litestar import Controller, Request, get, post
from litestar.response import Response

from application.use_cases.settings.get_settings import (
    GetSettings,
    GetSettingsHandler,
    parse_version,
)
from application.use_cases.settings.save_settings import SaveSettings, SaveSettingsHandler
from application.wire.settings import UserSettingsResponse
from entrypoints.common.http import ok
from entrypoints.common.settings import Settings, normalize_content_hosts


def _content_hosts(settings: Settings) -> tuple[str, ...]:
    return normalize_content_hosts(settings.content_hosts)


class SettingsUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    settings_get = providers.Singleton(
        GetSettingsHandler,
        uow=ports.uow,
        read_states=ports.read_states,
        mentions=ports.mentions,
        content_hosts=providers.Callable(_content_hosts, ports.settings),
    )
    settings_save = providers.Singleton(SaveSettingsHandler, uow=ports.uow, events=ports.events)


class SettingsController(Controller):
    path = "/api/v1/user/me/settings"
    tags = ["user"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/")
    async def get_settings(
        self, actor: int, settings_get: GetSettingsHandler, version: str | None = None
    ) -> UserSettingsResponse:
        """The settings document (if newer than ``version``) and the start-up state."""
        return await settings_get(GetSettings(actor_id=actor, version=parse_version(version)))

    @post("/", status_code=200)
    async def save_settings(
        self, request: Request[Any, Any, Any], actor: int, settings_save: SaveSettingsHandler
    ) -> Response[str]:
        """Replace the settings document; publishes 401 to the caller."""
        await settings_save(SaveSettings(actor_id=actor, body=await request.body()))
        return ok()


UseCases = SettingsUseCases
CONTROLLERS: list[type[Controller]] = [SettingsController]
