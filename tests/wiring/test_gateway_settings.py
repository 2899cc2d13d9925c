"""The ``ws_*`` settings: GoChat's gateway defaults, overridable, checked, and what the ws uses."""

from pathlib import Path

import pytest

from entrypoints.common.settings import Profile, Settings, SettingsError, load_settings
from entrypoints.ws.config import GatewayConfig, gateway_config
from entrypoints.ws.container import WsContainer

WS_SETTINGS = sorted(name for name in Settings.__struct_fields__ if name.startswith("ws_"))


def test_defaults_are_the_gateways_own() -> None:
    assert gateway_config(load_settings(environ={})) == GatewayConfig()
    assert GatewayConfig().heartbeat_interval_ms == 35_000


def test_each_setting_reaches_its_knob() -> None:
    environ = {f"PARLEY_{name.upper()}": "7" for name in WS_SETTINGS}
    config = gateway_config(load_settings(environ=environ))
    for name in WS_SETTINGS:
        assert getattr(config, name.removeprefix("ws_")) == 7, name


@pytest.mark.parametrize("name", WS_SETTINGS)
@pytest.mark.parametrize("value", ["0", "-1"])
def test_ws_settings_must_be_positive(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings(environ={f"PARLEY_{name.upper()}": value})


def test_the_ws_container_builds_its_config_from_settings(tmp_path: Path) -> None:
    from entrypoints.common.infrastructure import Infrastructure  # noqa: PLC0415

    settings = Settings(
        profile=Profile.MEMORY,
        data_dir=str(tmp_path),
        auth_secret="s" * 32,
        ws_heartbeat_interval_ms=20_000,
    )
    container = WsContainer(infra=Infrastructure(settings=settings))
    config = container.config()
    assert isinstance(config, GatewayConfig)
    assert config.heartbeat_interval_ms == 20_000
    assert container.ttl_s() == 40  # presence lives two heartbeats (spec §8.6)
    assert container.gateway().config is config  # the hello tells clients this interval
