import msgspec

from application.use_cases.voice.list_regions import ListVoiceRegions, ListVoiceRegionsHandler
from application.wire.dto import VoiceRegionDTO, VoiceRegionsDTO


class Region(msgspec.Struct, frozen=True):
    """Shaped like a configured region (``Settings.voice_regions`` entries)."""

    id: str
    name: str


async def test_lists_the_configured_regions_in_order() -> None:
    handler = ListVoiceRegionsHandler(
        regions=(Region(id="global", name="Global"), Region(id="eu", name="Europe"))
    )

    regions = await handler(ListVoiceRegions(actor_id=1))

    assert regions == VoiceRegionsDTO(
        regions=[VoiceRegionDTO(id="global", name="Global"), VoiceRegionDTO(id="eu", name="Europe")]
    )
    assert msgspec.json.encode(regions) == (
        b'{"regions":[{"id":"global","name":"Global"},{"id":"eu","name":"Europe"}]}'
    )


async def test_no_regions_is_an_empty_array() -> None:
    regions = await ListVoiceRegionsHandler(regions=())(ListVoiceRegions(actor_id=1))

    assert msgspec.json.encode(regions) == b'{"regions":[]}'
