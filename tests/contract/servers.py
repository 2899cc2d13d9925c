"""Where the real servers for ``-m integration`` contract cases are, and what to do without one.

Locally a missing server skips its cases, so ``pytest`` works on a laptop with nothing running.
In CI (``CI`` set) a missing server fails them instead: a suite that silently skipped its only
real backend would report green while testing nothing but the fakes.
"""

import os
import shutil
import socket

import pytest


def server_url(name: str, env: str) -> str:
    """The URL in ``env`` for the ``name`` server; skip locally or fail in CI when it is unset."""
    url = os.environ.get(env, "").strip()
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(
            f"{name}: {env} is not set, but CI is, so this backend must be tested; "
            f"start it with scripts/services up and export {env}",
            pytrace=False,
        )
    pytest.skip(f"{name}: set {env} to run this backend (scripts/services up)")


def installed_binary(binary: str, package: str) -> str:
    """The path of a server binary for fault tests; skip locally or fail in CI when missing."""
    path = shutil.which(binary)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{binary} is not installed, but CI is set: run scripts/services up")
    pytest.skip(f"{binary} is not installed (apt-get install -y {package})")


def free_port() -> int:
    """A loopback TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
