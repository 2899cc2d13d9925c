import pytest

from tests.unit.fakes import Fakes
from tests.unit.guilds.world import World, make_world


@pytest.fixture
async def world(fakes: Fakes) -> World:
    return await make_world(fakes)
