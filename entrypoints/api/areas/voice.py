"""Voice routes of the api service (spec §2.4.10): the configured voice regions."""

from dependency_injector import containers, providers
from litestar import Controller, get

from application.use_cases.voice.list_regions import ListVoiceRegions, ListVoiceRegionsHandler
from application.wire.dto import VoiceRegionsDTO


class VoiceUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    list_voice_regions = providers.Singleton(
        ListVoiceRegionsHandler, regions=ports.settings.provided.voice_regions
    )


class VoiceController(Controller):
    path = "/api/v1"
    tags = ["voice"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/voice/regions")
    async def list_voice_regions(
        self, actor: int, list_voice_regions: ListVoiceRegionsHandler
    ) -> VoiceRegionsDTO:
        """The voice regions configured for this deployment."""
        return await list_voice_regions(ListVoiceRegions(actor_id=actor))


UseCases = VoiceUseCases
CONTROLLERS: list[type[Controller]] = [VoiceController]
