"""`camera-posture`: audit a camera from the command line, outside Home Assistant."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

import aiohttp

from .audit import audit
from .errors import CannotConnect, InvalidAuth
from .models import Target

EXIT_OK, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_AUTH = 0, 2, 3, 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="camera-posture", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("audit", help="audit one camera")
    run.add_argument("host")
    run.add_argument("--port", type=int, default=80)
    run.add_argument("--username", default="")
    secret = run.add_mutually_exclusive_group()
    secret.add_argument("--password", default="")
    secret.add_argument("--password-file", type=Path, help="read the password from a file")
    run.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


async def _audit(args: argparse.Namespace) -> int:
    password = args.password_file.read_text().strip() if args.password_file else args.password
    target = Target(args.host, args.port, args.username, password)
    async with aiohttp.ClientSession() as session:
        try:
            result = await audit(session, target)
        except CannotConnect as err:
            print(f"camera-posture: cannot reach {args.host}: {err}", file=sys.stderr)
            return EXIT_UNREACHABLE
        except InvalidAuth:
            print(f"camera-posture: {args.host} rejected the credentials", file=sys.stderr)
            return EXIT_AUTH
    device = asdict(result.device)
    offset = round(result.clock_offset_s, 1)
    if args.json:
        report = {
            "host": target.host,
            "device": device,
            "clock_offset_s": offset,
            "requests": result.requests,
        }
        print(json.dumps(report))
    else:
        for key, value in device.items():
            print(f"{key:>12}: {value}")
        print(f"{'clock offset':>12}: {offset} s")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `camera-posture` console script."""
    args = _parser().parse_args(argv)
    return asyncio.run(_audit(args))


if __name__ == "__main__":
    sys.exit(main())
