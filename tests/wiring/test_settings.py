"""Settings: defaults, file, environment, flags, and the path of whatever is wrong."""

from pathlib import Path

import pytest

from entrypoints.common.settings import (
    Profile,
    Settings,
    SettingsError,
    VoiceRegion,
    load_settings,
)

SPEC_HOSTS = [
    "https://cdn.example.com/public/files",
    "https://cdn.example.com/emoji",
    " https://storage.example.com/bucket ",
]
SPEC_ORIGINS = ("https://cdn.example.com", "https://storage.example.com")


def write_toml(tmp_path: Path, text: str) -> str:
    path = tmp_path / "parley.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_make_parley_run_work_out_of_the_box() -> None:
    settings = load_settings(environ={})

    assert settings == Settings()
    assert settings.profile is Profile.EMBEDDED
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.worker_id is None
    assert settings.auth_secret == ""
    assert (settings.rate_limit_requests, settings.rate_limit_time) == (20, 1)
    assert settings.idempotency_lifetime_minutes == 10
    assert settings.voice_regions == (VoiceRegion(id="global", name="Global"),)
    assert settings.content_hosts == ()


def test_a_toml_file_sets_values(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        'port = 9000\nprofile = "memory"\nrate_limit_requests = 50\n'
        'voice_regions = [{id = "eu", name = "Europe"}, {id = "us", name = "America"}]\n',
    )

    settings = load_settings(environ={}, config_file=path)

    assert settings.port == 9000
    assert settings.profile is Profile.MEMORY
    assert settings.rate_limit_requests == 50
    assert settings.voice_regions == (
        VoiceRegion(id="eu", name="Europe"),
        VoiceRegion(id="us", name="America"),
    )


def test_parley_config_names_the_file(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "port = 9001\n")

    assert load_settings(environ={"PARLEY_CONFIG": path}).port == 9001


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "port = 9000\nrate_limit_requests = 50\n")
    environ = {"PARLEY_PORT": "9100", "PARLEY_ACCESS_LOG": "true", "PARLEY_WORKER_ID": "12"}

    settings = load_settings(environ=environ, config_file=path)

    assert settings.port == 9100
    assert settings.rate_limit_requests == 50
    assert settings.access_log is True
    assert settings.worker_id == 12


def test_command_line_flags_win_over_file_and_environment(tmp_path: Path) -> None:
    path = write_toml(tmp_path, 'port = 9000\nhost = "0.0.0.0"\n')

    settings = load_settings(
        environ={"PARLEY_PORT": "9100"},
        config_file=path,
        overrides={"port": 9200, "host": None},
    )

    assert settings.port == 9200
    assert settings.host == "0.0.0.0"  # noqa: S104 - a flag left unset (None) changes nothing


def test_environment_variables_without_the_prefix_are_ignored() -> None:
    assert load_settings(environ={"PORT": "1", "HOME": "/root"}) == Settings()


def test_an_unknown_parley_variable_is_named() -> None:
    with pytest.raises(SettingsError, match=r"^PARLEY_FOO: unknown setting$"):
        load_settings(environ={"PARLEY_FOO": "1"})


def test_an_unknown_key_in_the_file_is_named(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "prot = 1\n")

    with pytest.raises(SettingsError, match="prot"):
        load_settings(environ={}, config_file=path)


def test_a_missing_or_broken_file_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.toml")
    with pytest.raises(SettingsError, match=f"config file {missing}"):
        load_settings(environ={}, config_file=missing)
    broken = write_toml(tmp_path, "port = \n")
    with pytest.raises(SettingsError, match=f"config file {broken}"):
        load_settings(environ={}, config_file=broken)


@pytest.mark.parametrize(
    ("environ", "path"),
    [
        ({"PARLEY_PORT": "abc"}, "$.port"),
        ({"PARLEY_WORKER_ID": "one"}, "$.worker_id"),
        ({"PARLEY_ACCESS_LOG": "maybe"}, "$.access_log"),
        ({"PARLEY_PROFILE": "staging"}, "$.profile"),
        ({"PARLEY_VOICE_REGIONS": "eu"}, "$.voice_regions"),
    ],
)
def test_a_value_of_the_wrong_type_names_its_field(environ: dict[str, str], path: str) -> None:
    with pytest.raises(SettingsError, match=f"at `{path.replace('$', '[$]')}`"):
        load_settings(environ=environ)


def test_a_wrong_type_in_the_file_names_its_nested_path(tmp_path: Path) -> None:
    path = write_toml(tmp_path, 'voice_regions = [{id = "eu", name = 3}]\n')

    with pytest.raises(SettingsError, match=r"\$\.voice_regions\[0\]\.name"):
        load_settings(environ={}, config_file=path)


@pytest.mark.parametrize("port", [1, 8080, 65535])
def test_ports_within_range_are_accepted(port: int) -> None:
    assert load_settings(environ={"PARLEY_PORT": str(port)}).port == port


@pytest.mark.parametrize("port", ["0", "-1", "65536"])
def test_ports_out_of_range_are_refused(port: str) -> None:
    with pytest.raises(SettingsError, match=f"^port: {port} is not a TCP port"):
        load_settings(environ={"PARLEY_PORT": port})


@pytest.mark.parametrize("worker_id", [0, 1023])
def test_worker_ids_within_range_are_accepted(worker_id: int) -> None:
    assert load_settings(environ={}, overrides={"worker_id": worker_id}).worker_id == worker_id


@pytest.mark.parametrize("worker_id", ["-1", "1024"])
def test_worker_ids_out_of_range_are_refused(worker_id: str) -> None:
    with pytest.raises(SettingsError, match=f"^worker_id: {worker_id} outside 0..1023"):
        load_settings(environ={"PARLEY_WORKER_ID": worker_id})


@pytest.mark.parametrize("name", ["PARLEY_RATE_LIMIT_REQUESTS", "PARLEY_RATE_LIMIT_TIME"])
def test_rate_limits_must_be_positive(name: str) -> None:
    with pytest.raises(SettingsError, match="must be positive"):
        load_settings(environ={name: "0"})


def test_log_levels_are_checked_and_upper_cased() -> None:
    assert load_settings(environ={"PARLEY_LOG_LEVEL": "debug"}).log_level == "DEBUG"
    with pytest.raises(SettingsError, match=r"^log_level: 'LOUD' is not one of"):
        load_settings(environ={"PARLEY_LOG_LEVEL": "LOUD"})


def test_content_hosts_keep_scheme_and_host_trimmed_and_deduplicated() -> None:
    """Spec §15, cmd/api/app_test.go: trim, scheme+host only, de-dup, order preserved."""
    settings = load_settings(environ={}, overrides={"content_hosts": SPEC_HOSTS})

    assert settings.content_hosts == SPEC_ORIGINS


def test_content_hosts_from_the_file(tmp_path: Path) -> None:
    path = write_toml(tmp_path, f"content_hosts = {SPEC_HOSTS!r}\n".replace("'", '"'))

    assert load_settings(environ={}, config_file=path).content_hosts == SPEC_ORIGINS


def test_content_hosts_from_the_environment_are_comma_separated() -> None:
    environ = {"PARLEY_CONTENT_HOSTS": ",".join(SPEC_HOSTS) + ", ,"}

    assert load_settings(environ=environ).content_hosts == SPEC_ORIGINS


@pytest.mark.parametrize(
    ("entry", "origin"),
    [
        ("http://localhost:9000/bucket", "http://localhost:9000"),
        ("https://user:secret@cdn.example.com/x", "https://cdn.example.com"),
        ("https://cdn.example.com?x=1#y", "https://cdn.example.com"),
    ],
)
def test_content_host_origins(entry: str, origin: str) -> None:
    assert load_settings(environ={}, overrides={"content_hosts": [entry]}).content_hosts == (
        origin,
    )


@pytest.mark.parametrize(
    "entry",
    ["cdn.example.com", "/public/files", "https://", "https://user@", "https://cdn:port/"],
)
def test_a_content_host_without_scheme_or_host_stops_start_up(entry: str) -> None:
    with pytest.raises(SettingsError, match=r"^content_hosts: "):
        load_settings(environ={}, overrides={"content_hosts": [entry]})


def test_a_bad_content_host_in_the_environment_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"'cdn\.example\.com' needs a scheme and a host"):
        load_settings(environ={"PARLEY_CONTENT_HOSTS": "https://ok.example.com,cdn.example.com"})
