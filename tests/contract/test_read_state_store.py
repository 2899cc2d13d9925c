from application.ports.read_state_store import ReadStateStore
from tests.contract.builders import BIG


async def test_nothing_read_yet(read_states: ReadStateStore) -> None:
    assert await read_states.get_all(1) == {}


async def test_last_read_per_channel(read_states: ReadStateStore) -> None:
    await read_states.set(1, BIG, BIG + 1)
    await read_states.set(1, 20, 5)
    await read_states.set(2, 20, 6)
    assert await read_states.get_all(1) == {BIG: BIG + 1, 20: 5}
    assert await read_states.get_all(2) == {20: 6}


async def test_set_overwrites_even_backwards(read_states: ReadStateStore) -> None:
    await read_states.set(1, 20, 9)
    await read_states.set(1, 20, 3)
    assert await read_states.get_all(1) == {20: 3}
