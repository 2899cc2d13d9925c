"""The ``parley`` command: run the platform, serve one service, migrate, and small tools."""

import argparse
import asyncio
import json
import logging
import re
import sys
from collections.abc import Sequence

from domain import permissions
from entrypoints.common.resources import StartupError
from entrypoints.common.settings import Settings, SettingsError, load_settings
from entrypoints.edge import platform

SERVICE_PORTS = {"api": 3100, "auth": 3101, "ws": 3102}
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
UINT64_MASK = (1 << 64) - 1
WS_MAX_MESSAGE_BYTES = 65_536
"""Bigger WebSocket messages are refused by the server itself (1009); the gateway closes
anything over its own 4096-byte limit with 4013 first."""
MASK = re.compile(r"(-?)(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)")
NEGATIVE_VALUE = re.compile(r"-(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)")
VALUE_FLAGS = ("--value", "-v")


class UsageError(Exception):
    """A command-line argument argparse cannot check; reported like argparse's own errors."""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="TOML settings file")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--data-dir", dest="data_dir")
    parser.add_argument("--profile", choices=["memory", "embedded", "production"])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parley", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _common(sub.add_parser("run", help="every service in one process on one port"))
    serve = sub.add_parser("serve", help="one service alone")
    serve.add_argument("service", choices=sorted(SERVICE_PORTS))
    _common(serve)
    migrate = sub.add_parser("migrate", help="bring the relational schema to the latest version")
    _common(migrate)
    perm = sub.add_parser("permissions", help="decode a permission mask")
    perm.add_argument("action", choices=["decode"])
    perm.add_argument("--value", "-v", required=True)
    perm.add_argument("--format", "-f", choices=["text", "json"], default="text")
    return parser


def _settings(args: argparse.Namespace, **extra: object) -> Settings:
    overrides = {
        "host": args.host,
        "port": args.port,
        "data_dir": args.data_dir,
        "profile": args.profile,
        **extra,
    }
    return load_settings(config_file=args.config, overrides=overrides)


def _serve(settings: Settings, names: tuple[str, ...]) -> None:
    import uvicorn  # noqa: PLC0415 - only needed when serving

    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    app = platform.build(settings, names)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        loop="auto",
        http="auto",
        lifespan="on",
        access_log=settings.access_log,
        log_level=settings.log_level.lower(),
        ws="websockets-sansio",
        ws_max_size=WS_MAX_MESSAGE_BYTES,
        ws_ping_interval=15.0,
    )


def parse_mask(value: str) -> int:
    """A permission mask as ``gctools`` reads it: decimal, ``0x…`` or ``0b…``, optional ``-``."""
    match = MASK.fullmatch(value.strip())
    if match is None:
        raise UsageError(f"invalid permission value {value!r}: use decimal, 0x… or 0b…")
    mask = int(match[1] + match[2], 0)
    if not INT64_MIN <= mask <= INT64_MAX:
        raise UsageError(f"invalid permission value {value!r}: outside int64")
    return mask


def _glue_negative_values(argv: Sequence[str]) -> list[str]:
    """``--value -0x10``: argparse takes ``-0x10`` for an option, so glue it to its flag."""
    glued: list[str] = []
    for arg in argv:
        if glued and glued[-1] in VALUE_FLAGS and NEGATIVE_VALUE.fullmatch(arg):
            glued[-1] = f"--value={arg}"
        else:
            glued.append(arg)
    return glued


def _decode(value: str, fmt: str) -> str:
    mask = parse_mask(value)
    names = permissions.names(mask)
    hex_digits = f"0x{mask & UINT64_MASK:016x}"  # a negative mask in two's complement
    if fmt == "json":
        return json.dumps({"value": mask, "hex": hex_digits, "names": names}, indent=2)
    return "\n".join([f"value: {mask} ({hex_digits})", *names])


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(_glue_negative_values(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "run":
            _serve(_settings(args), platform.SERVICES)
        elif args.command == "serve":
            port = args.port or SERVICE_PORTS[args.service]
            _serve(_settings(args, port=port), (args.service,))
        elif args.command == "migrate":
            asyncio.run(platform.migrate(_settings(args)))
        elif args.command == "permissions":
            print(_decode(args.value, args.format))
    except SettingsError as error:
        print(f"parley: bad setting: {error}", file=sys.stderr)
        return 2
    except StartupError as error:
        print(f"parley: {error}", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"parley: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
