"""The token secret: generated once per data dir, private, reused; required in production."""

import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from entrypoints.common.settings import Profile, Settings, SettingsError
from entrypoints.edge.platform import SECRET_FILE, resolve_secret


def embedded(
    data_dir: Path, *, profile: Profile = Profile.EMBEDDED, auth_secret: str = ""
) -> Settings:
    return Settings(data_dir=str(data_dir), profile=profile, auth_secret=auth_secret)


def test_embedded_generates_a_private_secret_in_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    settings = resolve_secret(embedded(data_dir))

    path = data_dir / SECRET_FILE
    assert len(settings.auth_secret) >= 32
    assert path.read_text(encoding="utf-8").strip() == settings.auth_secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in data_dir.iterdir()] == [SECRET_FILE]  # no temporary file left


def test_the_stored_secret_is_reused(tmp_path: Path) -> None:
    first = resolve_secret(embedded(tmp_path))
    second = resolve_secret(embedded(tmp_path))

    assert second.auth_secret == first.auth_secret


def test_each_data_dir_has_its_own_secret(tmp_path: Path) -> None:
    one = resolve_secret(embedded(tmp_path / "one"))
    two = resolve_secret(embedded(tmp_path / "two"))

    assert one.auth_secret != two.auth_secret


def test_processes_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    """Writers race for the file: nobody may read it half-written or replace it."""
    for attempt in range(10):
        data_dir = tmp_path / str(attempt)
        start = threading.Barrier(8)

        def resolve(data_dir: Path = data_dir, start: threading.Barrier = start) -> str:
            start.wait()
            return resolve_secret(embedded(data_dir)).auth_secret

        with ThreadPoolExecutor(8) as pool:
            secrets = {future.result() for future in [pool.submit(resolve) for _ in range(8)]}

        assert len(secrets) == 1
        assert secrets == {(data_dir / SECRET_FILE).read_text(encoding="utf-8")}
        assert "" not in secrets


def test_an_explicit_secret_is_kept_and_nothing_is_written(tmp_path: Path) -> None:
    for profile in Profile:
        settings = embedded(tmp_path, auth_secret="configured", profile=profile)

        assert resolve_secret(settings).auth_secret == "configured"
    assert not (tmp_path / SECRET_FILE).exists()


def test_production_without_a_secret_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"^auth_secret: required in the production profile"):
        resolve_secret(embedded(tmp_path, profile=Profile.PRODUCTION))
    assert not (tmp_path / SECRET_FILE).exists()


def test_memory_profile_uses_a_fresh_secret_and_writes_nothing(tmp_path: Path) -> None:
    one = resolve_secret(embedded(tmp_path, profile=Profile.MEMORY))
    two = resolve_secret(embedded(tmp_path, profile=Profile.MEMORY))

    assert one.auth_secret
    assert one.auth_secret != two.auth_secret
    assert not (tmp_path / SECRET_FILE).exists()


def test_an_empty_secret_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / SECRET_FILE).write_text("\n", encoding="utf-8")

    with pytest.raises(SettingsError, match="is empty"):
        resolve_secret(embedded(tmp_path))
