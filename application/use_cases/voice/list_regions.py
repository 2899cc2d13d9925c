from collections.abc import Sequence
from typing import Protocol

import msgspec

from application.wire.dto import VoiceRegionDTO, VoiceRegionsDTO


class Region(Protocol):
    """A configured voice region (the settings' entries have this shape)."""

    @property
    def id(self) -> str:
        """Stable identifier stored on voice channels."""
        ...

    @property
    def name(self) -> str:
        """Display name."""
        ...


class ListVoiceRegions(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /voice/regions``."""

    actor_id: int


class ListVoiceRegionsHandler:
    """The voice regions clients may pick for a voice channel (spec row 82, §9.7).

    Rule: any authenticated user; the list is the configured one, in configured order.
    Deviation: an empty configuration yields ``{"regions": []}`` where GoChat wrote ``null``
    (a nil Go slice); clients treat both as "no regions" and an array is safer to iterate.
    """

    def __init__(self, *, regions: Sequence[Region]) -> None:
        self._regions = VoiceRegionsDTO(
            regions=[VoiceRegionDTO(id=r.id, name=r.name) for r in regions]
        )

    async def __call__(self, query: ListVoiceRegions) -> VoiceRegionsDTO:
        """The configured regions."""
        del query  # every authenticated user sees the same list
        return self._regions
