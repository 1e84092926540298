"""A simulator fleet in its own process, so the bench measures only the client side.

`python -m bench.fleet --cameras N` starts N simulated cameras (the personas in
turn) on 127.0.0.1, prints one JSON line per camera (persona, address, ports,
username, password) and then "ready", and serves until its stdin closes - so the
fleet ends with the bench even if the bench dies.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import sys
from collections.abc import Mapping
from typing import Any

from camsim.camera import SimCamera
from camsim.persona import PERSONAS

READY = "ready"


def raise_fd_limit() -> None:
    """Lift the soft open-file limit to the hard one: a fleet holds many sockets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def camera_line(camera: SimCamera) -> dict[str, Any]:
    """What the bench needs to audit one camera (the simulator's own credentials)."""
    ports: dict[str, int] = {"http": camera.http_port, "onvif": camera.http_port}
    extra = getattr(camera, "ports", None)
    # Newer simulators bind more services (rtsp, telnet, ...) and list them here.
    if isinstance(extra, Mapping):
        ports.update({str(k): int(v) for k, v in extra.items() if isinstance(v, int)})
    username, password = next(iter(camera.persona.users.items()))
    return {
        "persona": camera.persona.name,
        "address": camera.host,
        "ports": ports,
        "username": username,
        "password": password,
    }


async def serve(count: int, host: str) -> None:
    """Start the fleet, announce it, and serve until stdin reaches end of file."""
    names = sorted(PERSONAS)
    cameras = [SimCamera(PERSONAS[names[i % len(names)]].persona(), host) for i in range(count)]
    try:
        for camera in cameras:
            await camera.start()
            sys.stdout.write(json.dumps(camera_line(camera)) + "\n")
        sys.stdout.write(READY + "\n")
        sys.stdout.flush()
        await asyncio.to_thread(sys.stdin.read)
    finally:
        for camera in cameras:
            await camera.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bench.fleet`."""
    parser = argparse.ArgumentParser(prog="bench.fleet", description=__doc__)
    parser.add_argument("--cameras", type=int, default=200)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    raise_fd_limit()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.cameras, args.bind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
