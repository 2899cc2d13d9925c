"""The served OpenAPI covers every GoChat operation except those later issues own."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Platform

pytestmark = pytest.mark.e2e

TOOL = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "openapi-coverage"
OWNED_LATER = re.compile(
    r"/upload/|^/emoji/|/webhook/|/search/|/voice/(move|\{\}/join|\{\}/region)$"
    r"|/guild/\{\}/icons?(/|$)|/user/me/avatars?(/|$)|/guild/\{\}/emojis(/|$)"
)


@pytest.mark.skipif(
    not TOOL.exists(), reason="shared/tools/openapi-coverage is not beside the repo"
)
def test_only_later_issues_are_missing(platform: Platform) -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), platform.url + "/schema/openapi.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    missing = [line.split()[2] for line in result.stdout.splitlines() if line.startswith("missing")]
    unexpected = [path.removeprefix("/api/v1") for path in missing]
    unexpected = [path for path in unexpected if not OWNED_LATER.search(path)]
    assert unexpected == [], result.stdout
    assert "covered" in result.stdout.splitlines()[-1]
