"""`camera-posture`: audit a camera from the command line, outside Home Assistant."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import aiohttp

from . import deadline
from .advisories.lookup import Catalog, CatalogError, bundled_catalog, catalog_from_json
from .audit import audit
from .checks import CHECKS
from .discovery import discover
from .errors import AuditTimeout, CannotConnect, InvalidAuth, LoginLocked
from .hosts import HostError, device_url, parse_host, parse_port, resolve_address
from .models import AuditResult, Target
from .probes.upnp_igd import find_router

EXIT_OK, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_AUTH, EXIT_LOCKED = 0, 2, 3, 4, 5
EXIT_CODES = f"""exit codes:
  {EXIT_OK}  the command ran (an audit exits {EXIT_OK} whatever it found)
  {EXIT_USAGE}  usage error (bad argument, unreadable --password-file or --catalog)
  {EXIT_UNREACHABLE}  the camera could not be reached, or did not finish answering in time
  {EXIT_AUTH}  the camera rejected the credentials (never retried)
  {EXIT_LOCKED}  the camera reports a login lock (no credential was retried; wait until
     it unlocks)"""
VENDORS = ("auto", "hanwha", "hikvision", "dahua", "axis", "reolink", "foscam", "onvif")
SERVICES = ("http", "https", "rtsp", "onvif", "telnet", "ssh", "ftp", "vendor", "upnp")
MAX_DISCOVER_S = 30.0
# A password file holds one password: anything longer is the wrong file (/dev/zero).
MAX_PASSWORD_FILE_BYTES = 4096
# An advisory catalog is under a few MiB (the bundled one ~1 MiB); far more is not one.
MAX_CATALOG_FILE_BYTES = 16 * 1024 * 1024


def read_capped(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file; ValueError when it holds more (e.g. /dev/zero).

    OSError when it cannot be read; ValueError too for a path with a NUL byte.
    """
    with path.open("rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return raw


def _service(text: str) -> tuple[str, int]:
    name, sep, port = text.partition("=")
    try:
        if not sep or name not in SERVICES:
            raise HostError("port", "")
        return name, parse_port(port)
    except HostError:
        raise argparse.ArgumentTypeError(
            f"expected NAME=PORT with NAME one of {', '.join(SERVICES)} and PORT 1-65535"
        ) from None


def _port(text: str) -> int:
    try:
        return parse_port(text)
    except HostError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError("expected a number of seconds above 0")
    return value


def _router(text: str) -> str:
    # An IGD description URL, or a router address (parsed like a camera's host).
    try:
        if "://" in text:
            if device_url(text) is None:
                raise HostError("invalid", "")
            return text.strip()
        return parse_host(text).host if text.strip() else ""
    except HostError:
        raise argparse.ArgumentTypeError(
            "expected the router's address or its http(s):// UPnP description URL"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="camera-posture",
        description=__doc__,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "audit",
        help="audit one camera",
        description=f"Audit one camera (at most {deadline.AUDIT_DEADLINE_S:g} s).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "host", help="IP address or host name; https://HOST[:PORT] for a TLS-only camera"
    )
    run.add_argument(
        "--port",
        type=_port,
        default=None,
        help="web/ONVIF port (default 80, or 443 with --https); TLS is tried on it when "
        "plain HTTP fails",
    )
    run.add_argument(
        "--https",
        action="store_true",
        help="the port speaks only TLS (certificates are read, not verified)",
    )
    run.add_argument("--username", default="")
    secret = run.add_mutually_exclusive_group()
    secret.add_argument("--password", default="")
    secret.add_argument("--password-file", type=Path, help="read the password from a file")
    run.add_argument("--vendor", choices=VENDORS, default="auto")
    run.add_argument(
        "--service",
        type=_service,
        action="append",
        default=[],
        metavar="NAME=PORT",
        help=f"override a service port ({', '.join(SERVICES)}); repeatable",
    )
    run.add_argument(
        "--no-active-probing",
        action="store_true",
        help="never try a vendor default password",
    )
    router = run.add_mutually_exclusive_group()
    router.add_argument(
        "--router",
        type=_router,
        default=None,
        help="router UPnP IGD description URL or host (default: the default gateway's IGD)",
    )
    router.add_argument(
        "--no-router",
        action="store_true",
        help="do not look for a router (router_exposure stays unknown)",
    )
    run.add_argument(
        "--camera-update-check",
        action="store_true",
        help="let the camera run its own update check (it contacts its vendor's cloud)",
    )
    run.add_argument("--catalog", type=Path, help="advisory catalog file (default: bundled)")
    run.add_argument("--json", action="store_true", help="print one JSON object")
    info = commands.add_parser("catalog", help="show the advisory catalog in use")
    info.add_argument("--catalog", type=Path, help="advisory catalog file (default: bundled)")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    find = commands.add_parser("discover", help="find cameras (WS-Discovery, SSDP)")
    find.add_argument("--timeout", type=_seconds, default=3.0, help="seconds to wait (max 30)")
    find.add_argument("--json", action="store_true", help="print one JSON array")
    return parser


def catalog_info(catalog: Catalog) -> dict[str, Any]:
    """Which advisory catalog judged the firmware: version, as-of date, size."""
    return {"version": catalog.version, "as_of": catalog.as_of, "entries": len(catalog.entries)}


def report(host: str, result: AuditResult, catalog: Catalog | None = None) -> dict[str, Any]:
    """The `--json` object: device, checks, score, catalog and audit cost (no secrets)."""
    device = result.device
    return {
        "host": host,
        "device": {
            "vendor": result.facts.vendor,
            "model": device.model,
            "firmware": device.firmware,
            "serial": device.serial,
            "mac": device.mac,
        },
        "checks": {
            check_id: {
                "status": str(check.status),
                "observed": check.observed,
                "severity": str(check.severity),
                "summary": check.summary,
                "evidence": check.evidence,
                "standards": list(CHECKS[check_id].standards),
            }
            for check_id, check in result.checks.items()
        },
        "score": result.score,
        "catalog": catalog_info(catalog or bundled_catalog()),
        "requests": result.requests,
        "login_failures": result.login_failures,
        "duration_ms": round(result.duration_ms, 1),
    }


def _table(data: dict[str, Any]) -> str:
    lines = [
        f"{key:>9}: {value if value is not None else '-'}"
        for key, value in [("host", data["host"]), *data["device"].items()]
    ]
    lines.append("")
    lines.append(f"{'check':<25} {'status':<15} {'severity':<9} observed")
    for check_id, check in data["checks"].items():
        observed = "-" if check["observed"] is None else json.dumps(check["observed"])
        lines.append(f"{check_id:<25} {check['status']:<15} {check['severity']:<9} {observed}")
    score = "-" if data["score"] is None else f"{data['score']}/100"
    lines.append("")
    lines.append(
        f"score {score}; {data['requests']} requests, "
        f"{data['login_failures']} failed logins, {data['duration_ms']:.0f} ms"
    )
    lines.append(_catalog_line(data["catalog"]))
    return "\n".join(lines)


def _catalog_line(info: dict[str, Any]) -> str:
    return f"advisory catalog {info['version']} (as of {info['as_of']}, {info['entries']} entries)"


def _load_catalog(path: Path | None) -> Catalog:
    """The catalog of --catalog, or the bundled one; SystemExit 2 when it is not valid."""
    if path is None:
        return bundled_catalog()
    try:
        return catalog_from_json(read_capped(path, MAX_CATALOG_FILE_BYTES))
    except (OSError, ValueError, CatalogError) as err:
        print(f"camera-posture: unusable --catalog ({type(err).__name__})", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


async def _catalog(args: argparse.Namespace) -> int:
    info = catalog_info(_load_catalog(args.catalog))
    print(json.dumps(info) if args.json else _catalog_line(info))
    return EXIT_OK


async def _router_of(args: argparse.Namespace) -> str:
    """--router, else the default gateway's UPnP IGD (one unicast M-SEARCH), else none."""
    if args.router is not None or args.no_router:
        return str(args.router or "")
    found = await find_router()
    return "" if found is None else found.location


async def _audit(args: argparse.Namespace) -> int:
    router = await _router_of(args)
    target = Target(
        args.host, args.port, args.username, args.password, router=router, scheme=args.scheme
    )
    catalog = _load_catalog(args.catalog)
    async with aiohttp.ClientSession() as session:
        try:
            result = await audit(
                session,
                target,
                vendor=args.vendor,
                services=dict(args.service),
                active_probing=not args.no_active_probing,
                catalog=catalog,
                update_check=args.camera_update_check,
            )
        except AuditTimeout as err:
            print(f"camera-posture: {args.host} answered too slowly: {err}", file=sys.stderr)
            return EXIT_UNREACHABLE
        except CannotConnect as err:
            print(f"camera-posture: cannot reach {args.host}: {err}", file=sys.stderr)
            return EXIT_UNREACHABLE
        except LoginLocked:
            print(
                f"camera-posture: {args.host} is locked after failed logins; nothing more "
                "was sent. Wait until it unlocks (or unlock it on the camera), then retry.",
                file=sys.stderr,
            )
            return EXIT_LOCKED
        except InvalidAuth:
            print(f"camera-posture: {args.host} rejected the credentials", file=sys.stderr)
            return EXIT_AUTH
    data = report(target.host, result, catalog)
    print(json.dumps(data) if args.json else _table(data))
    return EXIT_OK


async def _discover(args: argparse.Namespace) -> int:
    found = await discover(min(args.timeout, MAX_DISCOVER_S))
    if args.json:
        print(json.dumps([asdict(item) for item in found]))
    elif not found:
        print("no devices answered")
    for item in [] if args.json else found:
        print(f"{item.protocol:<13} {item.address:<16} {item.location}  {item.kind}")
    return EXIT_OK


def _read_password(parser: argparse.ArgumentParser, path: Path) -> str:
    """The first line-trimmed text of a small file; a usage error for anything else."""
    try:
        raw = read_capped(path, MAX_PASSWORD_FILE_BYTES)
    except ValueError as err:
        parser.error(f"cannot read --password-file ({err})")
    except OSError as err:
        parser.error(f"cannot read --password-file ({type(err).__name__})")
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        # Only the error type: never the file's content.
        parser.error("cannot read --password-file (UnicodeDecodeError)")


def _address(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Parse the host; settle args.host, args.port and args.scheme (usage error if bad)."""
    try:
        address = resolve_address(args.host, args.port, https=args.https)
    except HostError as err:
        # Not echoed: a host such as user:secret@cam carries a password.
        parser.error(f"invalid host: {err}")
    args.host, args.port, args.scheme = address.host, address.port, address.scheme


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (SystemExit 2 on usage errors); reads --password-file."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "audit":
        _address(parser, args)
        if args.password_file is not None:
            args.password = _read_password(parser, args.password_file)
    return args


async def run(argv: Sequence[str] | None = None) -> int:
    """Run one command in the current event loop and return its exit code."""
    args = parse_args(argv)
    if args.command == "discover":
        return await _discover(args)
    if args.command == "catalog":
        return await _catalog(args)
    return await _audit(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `camera-posture` console script."""
    return asyncio.run(run(argv))


if __name__ == "__main__":
    sys.exit(main())
