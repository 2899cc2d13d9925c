import pytest

from tests.unit.fakes import Fakes, make_fakes


@pytest.fixture
def fakes() -> Fakes:
    return make_fakes()
