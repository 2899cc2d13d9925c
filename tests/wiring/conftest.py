"""Fixtures of the wiring tier: composition roots checked without any server.

No test here reads the real environment: settings come from explicit ``environ`` mappings,
and tests driving ``parley`` in process start from an environment without ``PARLEY_*``.
"""

import os

import pytest


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """``os.environ`` without any ``PARLEY_*`` variable (the CLI reads the real environment)."""
    for name in [key for key in os.environ if key.startswith("PARLEY_")]:
        monkeypatch.delenv(name)
    return monkeypatch
