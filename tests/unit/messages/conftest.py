from dataclasses import dataclass

import pytest

from tests.unit.fakes import Fakes
from tests.unit.messages import world
from tests.unit.messages.world import Handlers


@dataclass
class Scene:
    """alice owns the guild, bob is a plain member, eve is a stranger to it."""

    fakes: Fakes
    run: Handlers
    alice: int
    bob: int
    eve: int
    guild_id: int
    channel_id: int


@pytest.fixture
async def scene(fakes: Fakes) -> Scene:
    alice = await world.add_user(fakes, "alice")
    bob = await world.add_user(fakes, "bob")
    eve = await world.add_user(fakes, "eve")
    guild_id, channel_id = await world.make_guild(fakes, alice)
    await world.join(fakes, guild_id, bob)
    return Scene(
        fakes=fakes,
        run=world.handlers(fakes),
        alice=alice,
        bob=bob,
        eve=eve,
        guild_id=guild_id,
        channel_id=channel_id,
    )
