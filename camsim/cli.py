"""`camsim`: run simulated cameras until stopped.

On start it prints one JSON line per camera (persona, address, ports, username,
password, control URL) so scripts can pick up addresses and credentials; then it
serves until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from typing import Any

from . import fleet, table
from .camera import SimCamera
from .control import ControlServer
from .persona import PERSONAS
from .router import SimRouter


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="camsim", description=__doc__)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--persona", choices=sorted(PERSONAS), help="run one camera")
    which.add_argument(
        "--fleet",
        metavar="demo|N",
        help="demo: every persona once; N: N cameras cycling through the personas, "
        "each with its own serial number and MAC address",
    )
    which.add_argument(
        "--personas-table",
        action="store_true",
        help="print the personas' ground truth as a Markdown table and exit",
    )
    parser.add_argument(
        "--bind",
        help="address of the camera (--persona, default 127.0.0.1; ::1 serves IPv6) or "
        f"of the fleet's first camera (--fleet, default {fleet.FIRST_ADDRESS})",
    )
    parser.add_argument("--port", type=int, default=0, help="HTTP port of --persona (0: any)")
    parser.add_argument(
        "--no-http",
        action="store_true",
        help="--persona serves no plain HTTP at all, only HTTPS (a TLS-only camera)",
    )
    parser.add_argument(
        "--ports",
        choices=["auto", "random", "standard", "offset"],
        default="auto",
        help="auto: random ports for --persona; for --fleet the real ports as root, "
        f"else real ports + {fleet.UNPRIVILEGED_OFFSET}",
    )
    parser.add_argument(
        "--control-port", type=int, default=0, help="port of the control API on 127.0.0.1"
    )
    parser.add_argument(
        "--router",
        action="store_true",
        help="also run a simulated UPnP IGD router on 127.0.0.1 (its JSON line comes last)",
    )
    parser.add_argument(
        "--router-ssdp-port", type=int, default=1900, help="UDP port the router answers M-SEARCH on"
    )
    parser.add_argument(
        "--forward",
        type=_forward,
        action="append",
        default=[],
        metavar="ID:EXTERNAL=SERVICE",
        help="the router forwards EXTERNAL to camera ID's SERVICE (e.g. 1:8080=http); repeatable",
    )
    return parser


def _forward(text: str) -> tuple[str, int, str]:
    camera_id, _, rest = text.partition(":")
    port, _, service = rest.partition("=")
    if not (camera_id and port.isdigit() and 1 <= int(port) <= 65535 and service):
        raise argparse.ArgumentTypeError("expected ID:EXTERNAL_PORT=SERVICE, e.g. 1:8080=http")
    return camera_id, int(port), service


def _members(args: argparse.Namespace) -> list[fleet.FleetMember]:
    mode: fleet.PortMode | None = None if args.ports == "auto" else args.ports
    if args.fleet is not None:
        return fleet.build(
            args.fleet, first_address=args.bind or fleet.FIRST_ADDRESS, port_mode=mode
        )
    if mode is None:
        mode = "random"
    persona = PERSONAS[args.persona].persona()
    persona.http_enabled = not args.no_http
    camera = SimCamera(
        persona,
        host=args.bind or "127.0.0.1",
        http_port=args.port,
        standard_ports=mode != "random",
        port_offset=fleet.UNPRIVILEGED_OFFSET if mode == "offset" else 0,
    )
    return [fleet.FleetMember("1", camera)]


def announcement(member: fleet.FleetMember, control: ControlServer) -> dict[str, Any]:
    """The JSON line printed for one camera."""
    camera = member.camera
    username, password = next(iter(camera.persona.users.items()), ("", ""))
    return {
        "persona": camera.persona.name,
        "address": camera.host,
        "ports": camera.ports,
        "username": username,
        "password": password,
        "control": control.url(member.camera_id),
    }


async def _serve(args: argparse.Namespace) -> None:
    fleet.raise_open_file_limit()
    members = _members(args)
    cameras = {m.camera_id: m.camera for m in members}
    for camera_id, port, service in args.forward:
        if camera_id in cameras:
            cameras[camera_id].port_forwards[port] = service
    control = ControlServer(cameras)
    router = SimRouter(cameras, ssdp_port=args.router_ssdp_port) if args.router else None
    await fleet.start(members)
    try:
        await control.start(port=args.control_port)
        if router is not None:
            await router.start()
        for member in members:
            print(json.dumps(announcement(member, control)), flush=True)
        if router is not None:
            line = {"router": router.location, "ssdp": f"{router.host}:{router.ssdp_port}"}
            print(json.dumps(line), flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        if router is not None:
            await router.stop()
        await control.stop()
        await fleet.stop(members)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `camsim` console script."""
    args = _parser().parse_args(argv)
    if args.personas_table:
        print(table.markdown(), end="")
        return 0
    if args.fleet is not None and args.fleet != "demo" and not args.fleet.isdigit():
        _parser().error("--fleet takes 'demo' or a number of cameras")
    if args.fleet is not None and args.bind and ":" in args.bind:
        # A fleet gives each camera its own address, and only 127.0.0.0/8 has enough.
        _parser().error("--fleet needs an IPv4 loopback --bind; serve IPv6 with --persona")
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(args))
    except OSError as exc:
        print(f"camsim: cannot serve: {exc.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
