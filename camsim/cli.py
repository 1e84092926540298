"""`camsim`: run simulated cameras until stopped.

On start it prints one JSON line per camera so scripts can pick up addresses
and credentials; then it serves until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys

from .camera import SimCamera
from .persona import PERSONAS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="camsim", description=__doc__)
    parser.add_argument("--persona", choices=sorted(PERSONAS), required=True)
    parser.add_argument("--bind", default="127.0.0.1", help="address to serve on")
    parser.add_argument("--port", type=int, default=0, help="HTTP/ONVIF port (0: any free)")
    return parser


async def _serve(args: argparse.Namespace) -> None:
    camera = SimCamera(PERSONAS[args.persona].persona(), host=args.bind, http_port=args.port)
    await camera.start()
    username, password = next(iter(camera.persona.users.items()))
    line = {
        "persona": camera.persona.name,
        "address": camera.host,
        "ports": {"http": camera.http_port, "onvif": camera.http_port},
        "username": username,
        "password": password,
    }
    print(json.dumps(line), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await camera.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `camsim` console script."""
    args = _parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
