"""The ``parley`` command in process: tools output, migrations, and how bad input ends."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from adapters.sql.migrate import alembic_config
from entrypoints.cli import main
from entrypoints.edge.platform import SECRET_FILE

DEFAULT_MASK_NAMES = [
    "PermServerViewChannels",
    "PermMembershipCreateInvite",
    "PermMembershipChangeNickname",
    "PermTextSendMessage",
    "PermTextSendMessageInThreads",
    "PermTextCreateThreads",
    "PermTextAttachFiles",
    "PermTextAddReactions",
    "PermTextReadMessageHistory",
    "PermVoiceConnect",
    "PermVoiceSpeak",
    "PermVoiceVideo",
]
"""The default guild mask 7927905 (spec §4.1), lowest bit first."""

pytestmark = pytest.mark.usefixtures("clean_env")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_decode_prints_the_value_then_one_name_per_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "permissions", "decode", "--value", "7927905")

    assert (code, err) == (0, "")
    assert out.splitlines() == ["value: 7927905 (0x000000000078f861)", *DEFAULT_MASK_NAMES]


def test_decode_as_json_is_indented_by_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "permissions", "decode", "-v", "7927905", "--format", "json")

    assert code == 0
    document = json.loads(out)
    assert document == {
        "value": 7927905,
        "hex": "0x000000000078f861",
        "names": DEFAULT_MASK_NAMES,
    }
    assert out == json.dumps(document, indent=2) + "\n"
    assert list(document) == ["value", "hex", "names"]


@pytest.mark.parametrize(
    "value", ["7927905", "0x78f861", "0X78F861", "0b11110001111100001100001", " 7927905 "]
)
def test_decimal_hex_and_binary_forms_decode_alike(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, out, _ = run(capsys, "permissions", "decode", "-v", value, "-f", "json")

    assert code == 0
    assert json.loads(out)["value"] == 7927905


def test_no_bits_decode_to_no_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "permissions", "decode", "-v", "0")

    assert code == 0
    assert out == "value: 0 (0x0000000000000000)\n"


@pytest.mark.parametrize(
    ("argv", "value", "hex_digits"),
    [
        (["--value", "-0x10"], -16, "0xfffffffffffffff0"),
        (["-v", "-0b1"], -1, "0xffffffffffffffff"),
        (["--value=-5"], -5, "0xfffffffffffffffb"),
        (["-v", "-9223372036854775808"], -(2**63), "0x8000000000000000"),
    ],
)
def test_a_leading_minus_is_accepted(
    capsys: pytest.CaptureFixture[str], argv: list[str], value: int, hex_digits: str
) -> None:
    """Spec §14: an optional leading ``-`` for hex and binary input."""
    code, out, err = run(capsys, "permissions", "decode", *argv, "-f", "json")

    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["value"], document["hex"]) == (value, hex_digits)


def test_minus_one_has_every_permission(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "permissions", "decode", "--value", "-0x1")

    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "value: -1 (0xffffffffffffffff)"
    assert len(lines[1:]) == 29
    assert {"PermAdministrator", "PermManageExpressions"} <= set(lines)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "use decimal, 0x… or 0b…"),
        ("0x", "use decimal, 0x… or 0b…"),
        ("0b102", "use decimal, 0x… or 0b…"),
        ("0o17", "use decimal, 0x… or 0b…"),
        ("1_000", "use decimal, 0x… or 0b…"),
        ("", "use decimal, 0x… or 0b…"),
        ("9223372036854775808", "outside int64"),
        ("0x10000000000000000", "outside int64"),
    ],
)
def test_a_bad_value_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], value: str, reason: str
) -> None:
    code, out, err = run(capsys, "permissions", "decode", f"--value={value}")

    assert (code, out) == (2, "")
    assert err == f"parley: invalid permission value {value!r}: {reason}\n"


def test_a_bad_value_exits_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "permissions", "decode", "--value", "lots"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "parley: invalid permission value 'lots': use decimal, 0x… or 0b…\n"


def test_migrate_creates_the_sqlite_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "fresh" / "data"

    code, _, err = run(capsys, "migrate", "--data-dir", str(data_dir))

    assert (code, err) == (0, "")
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with sqlite3.connect(data_dir / "parley.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        version = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert {"users", "guilds", "channels", "members", "roles", "messages"} <= tables
    assert version == [(head,)]
    assert (data_dir / SECRET_FILE).exists()

    assert run(capsys, "migrate", "--data-dir", str(data_dir))[0] == 0  # idempotent


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("--port=0", "port: 0 is not a TCP port"),
        ("--profile=production", "auth_secret: required in the production profile"),
        ("PARLEY_FOO=1", "PARLEY_FOO: unknown setting"),
        ("PARLEY_PORT=abc", "Expected `int`, got `str` - at `$.port`"),
        ("PARLEY_CONTENT_HOSTS=cdn.example.com", "content_hosts: 'cdn.example.com'"),
    ],
)
def test_a_bad_setting_exits_2_with_its_reason(
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    given: str,
    message: str,
) -> None:
    """``given`` is a flag (``--…``) or an environment variable (``NAME=value``)."""
    argv = [given] if given.startswith("--") else []
    if not argv:
        name, _, value = given.partition("=")
        clean_env.setenv(name, value)

    code, out, err = run(capsys, "migrate", "--data-dir", str(tmp_path), *argv)

    assert (code, out) == (2, "")
    assert err.startswith(f"parley: bad setting: {message}")
    assert not (tmp_path / "parley.sqlite3").exists()


def test_run_with_a_bad_setting_exits_before_serving(
    capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A log level neither ``logging`` nor uvicorn knows used to escape as a traceback."""
    clean_env.setenv("PARLEY_LOG_LEVEL", "LOUD")

    code, _, err = run(capsys, "run", "--data-dir", str(tmp_path))

    assert code == 2
    assert err.startswith("parley: bad setting: log_level: 'LOUD'")


def test_a_bad_config_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text("port = [\n", encoding="utf-8")

    code, _, err = run(capsys, "migrate", "--config", str(config), "--data-dir", str(tmp_path))

    assert code == 2
    assert err.startswith(f"parley: bad setting: config file {config}")
