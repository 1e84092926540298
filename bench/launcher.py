"""Start and stop the simulator fleet the bench audits, in a child process.

Two sources: `camsim --fleet N` (the simulator's own fleet: one loopback address
per camera, the family's real ports, fault knobs) when this checkout's camsim has
it, else `python -m bench.fleet` (N cameras on 127.0.0.1, free ports). Both print
one JSON line per camera with the same keys.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from .camera import FleetCamera

SOURCES = ("auto", "camsim", "bench")


async def camsim_has_fleet() -> bool:
    """Whether this checkout's `camsim` can start a fleet itself."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "camsim.cli",
        "--help",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    async with asyncio.timeout(60):
        out, _ = await proc.communicate()
    return b"--fleet" in out


async def fleet_command(count: int, source: str) -> list[str]:
    """The child's command line for a fleet of `count` cameras."""
    if source == "auto":
        source = "camsim" if await camsim_has_fleet() else "bench"
    if source == "camsim":
        return [sys.executable, "-m", "camsim.cli", "--fleet", str(count)]
    return [sys.executable, "-m", "bench.fleet", "--cameras", str(count)]


async def start_fleet(
    count: int, source: str = "auto"
) -> tuple[asyncio.subprocess.Process, list[FleetCamera]]:
    """Start the fleet and read the `count` cameras it announces."""
    command = await fleet_command(count, source)
    sys.stderr.write(f"fleet command: {' '.join(command[1:])}\n")
    proc = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    assert proc.stdout is not None
    cameras: list[FleetCamera] = []
    try:
        async with asyncio.timeout(60 + count * 0.5):
            while len(cameras) < count:
                line = (await proc.stdout.readline()).decode().strip()
                if not line:
                    raise RuntimeError("the fleet process ended before it was ready")
                if line.startswith("{"):
                    cameras.append(FleetCamera.from_line(line))
    except BaseException:
        await stop_fleet(proc)
        raise
    return proc, cameras


async def stop_fleet(proc: asyncio.subprocess.Process) -> None:
    """Ask the fleet to stop (stdin closed for bench.fleet, SIGTERM for camsim)."""
    if proc.stdin is not None:
        proc.stdin.close()
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    try:
        async with asyncio.timeout(30):
            await proc.wait()
    except TimeoutError:
        proc.kill()
        await proc.wait()
