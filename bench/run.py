"""`./scripts/bench [--cameras N]`: audit a simulated fleet and compare ONVIF stacks.

Phases, in this order so that one phase's memory does not show up in another's:
1. the engine's full audit() of every camera (what the integration runs);
2. like-for-like ONVIF work (clock, device information, users, network
   protocols) with the engine's own client;
3. the same ONVIF work with onvif-zeep-async, Home Assistant's ONVIF stack,
   once including construction (WSDL-backed service objects) and once with the
   objects built beforehand.
The fleet runs in a child process, so CPU figures are the client's alone. The
human-readable summary goes to stderr; the last stdout line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import sys
from collections import Counter
from typing import Any

import aiohttp

from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.models import AuditResult
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient

from .camera import FleetCamera
from .fleet import READY, raise_fd_limit
from .measure import Phase, best_of, current_rss_kib, fan_out, peak_rss_kib

# Home Assistant must stay responsive: at most this many audits at once.
DEFAULT_CONCURRENCY = 32
# The engine client's calls beyond clock and identity, with their raw SOAP fallback
# for engines that do not have the method yet.
EXTRA_ONVIF_CALLS = (("get_users", "GetUsers"), ("get_network_protocols", "GetNetworkProtocols"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--cameras", type=int, default=200, help="fleet size (default 200)")
    parser.add_argument(
        "--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="audits at once"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="measure each phase this often, keep the best"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip onvif-zeep-async")
    return parser


async def start_fleet(count: int) -> tuple[asyncio.subprocess.Process, list[FleetCamera]]:
    """Start `python -m bench.fleet` and read the cameras it announces."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.fleet",
        "--cameras",
        str(count),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    cameras = []
    async with asyncio.timeout(60 + count * 0.5):
        while (line := (await proc.stdout.readline()).decode().strip()) != READY:
            if not line:
                raise RuntimeError("the fleet process ended before it was ready")
            cameras.append(FleetCamera.from_line(line))
    return proc, cameras


async def stop_fleet(proc: asyncio.subprocess.Process) -> None:
    """Close the fleet's stdin (its signal to stop) and wait for it."""
    if proc.stdin is not None:
        proc.stdin.close()
    try:
        async with asyncio.timeout(30):
            await proc.wait()
    except TimeoutError:
        proc.kill()
        await proc.wait()


async def our_onvif_facts(session: aiohttp.ClientSession, camera: FleetCamera) -> int:
    """The four ONVIF calls with the engine's client; returns the number of requests."""
    http = HttpClient(session)
    onvif = OnvifClient(
        http, camera.address, camera.ports["onvif"], camera.username, camera.password
    )
    await onvif.get_system_date_and_time()
    await onvif.get_device_information()
    for method_name, operation in EXTRA_ONVIF_CALLS:
        method = getattr(onvif, method_name, None)
        # A camera (or simulator) without the call answers a fault; the baseline meets it too.
        with contextlib.suppress(CannotConnect):
            await (method() if method is not None else onvif.call(operation))
    return http.requests


class FreshSessions:
    """A new client session per round, outside the measurement.

    Periodic audits never find a live keep-alive connection, so every round pays
    for its TCP connections as real audits do.
    """

    def __init__(self) -> None:
        self.session: aiohttp.ClientSession | None = None

    async def renew(self) -> None:
        """Close the previous round's session and open a new one (not measured)."""
        await self.close()
        self.session = aiohttp.ClientSession()

    async def close(self) -> None:
        """Close the current session, if any."""
        if self.session is not None:
            await self.session.close()
            self.session = None

    def get(self) -> aiohttp.ClientSession:
        """The current round's session."""
        assert self.session is not None
        return self.session


async def engine_phases(
    cameras: list[FleetCamera], args: argparse.Namespace, report: dict[str, Any]
) -> None:
    """Phase 1 (full audit sweep) and phase 2 (like-for-like ONVIF), our engine."""
    count = len(cameras)
    sessions = FreshSessions()
    await sessions.renew()
    try:
        # Warm-up: imports, adapter discovery, first connection.
        await audit(sessions.get(), cameras[0].target())
        await our_onvif_facts(sessions.get(), cameras[0])
        gc.collect()
        rss_before = current_rss_kib()
        requests: list[int] = []

        async def one_audit(camera: FleetCamera) -> AuditResult:
            return await audit(sessions.get(), camera.target())

        async def sweep_round(phase: Phase) -> None:
            results = await fan_out(cameras, one_audit, args.concurrency, phase.errors)
            requests[:] = [r.requests for r in results if r is not None]

        sweep = await best_of("sweep", args.rounds, count, sweep_round, sessions.renew)
        peak = peak_rss_kib()
        report |= {
            "cameras": count,
            "concurrency": args.concurrency,
            "rounds": args.rounds,
            "sweep_wall_s": round(sweep.wall_s, 3),
            "cpu_ms_per_camera": round(sweep.cpu_ms_per(count), 3),
            "requests_per_audit": round(sum(requests) / max(len(requests), 1), 2),
            "peak_rss_kib": peak,
            "rss_kib_per_camera": round(max(peak - rss_before, 0) / count, 1),
            "max_loop_stall_ms": round(sweep.max_stall_ms, 2),
            "max_loop_stall_cpu_ms": round(sweep.max_stall_cpu_ms, 2),
            "audit_errors": dict(sweep.errors),
        }

        async def one_onvif(camera: FleetCamera) -> int:
            return await our_onvif_facts(sessions.get(), camera)

        onvif_requests: list[int] = []

        async def onvif_round(phase: Phase) -> None:
            done = await fan_out(cameras, one_onvif, args.concurrency, phase.errors)
            onvif_requests[:] = [r for r in done if r is not None]

        ours = await best_of("onvif (ours)", args.rounds, count, onvif_round, sessions.renew)
    finally:
        await sessions.close()
    report |= {
        "onvif_cpu_ms_per_camera": round(ours.cpu_ms_per(count), 3),
        "onvif_wall_s": round(ours.wall_s, 3),
        "onvif_max_loop_stall_ms": round(ours.max_stall_ms, 2),
        "onvif_requests_per_camera": round(sum(onvif_requests) / count, 2),
        "onvif_errors": dict(ours.errors),
    }


async def baseline_phases(
    cameras: list[FleetCamera], args: argparse.Namespace, report: dict[str, Any]
) -> None:
    """Phase 3: onvif-zeep-async with and without construction."""
    from . import baseline  # noqa: PLC0415 - zeep's import cost stays out of phases 1-2

    count = len(cameras)
    call_errors: Counter[str] = Counter()
    await baseline.full(cameras[0], call_errors)  # warm-up: the WSDL is parsed once

    async def one_full(camera: FleetCamera) -> None:
        await baseline.full(camera, call_errors)

    async def full_round(phase: Phase) -> None:
        await fan_out(cameras, one_full, args.concurrency, phase.errors)

    built = await best_of("baseline onvif, with construction", args.rounds, count, full_round)

    services: list[tuple[Any, Any]] = []

    async def connect_all() -> None:
        # Built before each round, outside the measurement, with cold connections.
        await baseline.close_all([device for device, _ in services])
        connected = await fan_out(cameras, baseline.connect, args.concurrency, Counter())
        services[:] = [pair for pair in connected if pair is not None]

    async def one_calls(pair: tuple[Any, Any]) -> None:
        await baseline.facts(pair[1], call_errors)

    async def calls_round(phase: Phase) -> None:
        await fan_out(services, one_calls, args.concurrency, phase.errors)

    try:
        calls = await best_of(
            "baseline onvif, calls only", args.rounds, count, calls_round, connect_all
        )
    finally:
        await baseline.close_all([device for device, _ in services])

    ours = report["onvif_cpu_ms_per_camera"]
    report |= {
        "baseline_onvif_cpu_ms_per_camera": round(calls.cpu_ms_per(count), 3),
        "baseline_onvif_wall_s": round(calls.wall_s, 3),
        "baseline_onvif_max_loop_stall_ms": round(calls.max_stall_ms, 2),
        "baseline_onvif_with_construction_cpu_ms_per_camera": round(built.cpu_ms_per(count), 3),
        "baseline_onvif_with_construction_wall_s": round(built.wall_s, 3),
        "baseline_onvif_errors": dict(built.errors + calls.errors + call_errors),
    }
    report |= {
        "onvif_cpu_ratio": round(report["baseline_onvif_cpu_ms_per_camera"] / ours, 2),
        "onvif_cpu_ratio_with_construction": round(
            report["baseline_onvif_with_construction_cpu_ms_per_camera"] / ours, 2
        ),
        "onvif_wall_ratio": round(report["baseline_onvif_wall_s"] / report["onvif_wall_s"], 2),
    }


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Run every phase against a fresh fleet and return the report."""
    raise_fd_limit()
    proc, cameras = await start_fleet(args.cameras)
    report: dict[str, Any] = {}
    try:
        personas = Counter(camera.persona for camera in cameras)
        sys.stderr.write(f"fleet: {len(cameras)} cameras {dict(personas)}\n")
        await engine_phases(cameras, args, report)
        if not args.no_baseline:
            await baseline_phases(cameras, args, report)
    finally:
        await stop_fleet(proc)
    return report


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bench.run`."""
    args = _parser().parse_args(argv)
    report = asyncio.run(bench(args))
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
