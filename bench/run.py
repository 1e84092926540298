"""`./scripts/bench [--cameras N]`: audit a simulated fleet and compare ONVIF stacks.

Phases, in this order so that one phase's memory does not show up in another's:
1. the engine's full audit() of every camera (what the integration runs);
2. like-for-like ONVIF work (clock, device information, users, network
   protocols) with the engine's own client, once on new connections (as periodic
   audits meet them) and once on connections already open (like the baseline's
   calls-only figure, whose construction opened them);
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
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from custom_components.camera_posture.const import MAX_CONCURRENT_AUDITS
from custom_components.camera_posture.posture.advisories.lookup import Catalog, bundled_files
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.models import AuditResult
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard

from .camera import FleetCamera
from .fleet import raise_fd_limit
from .launcher import SOURCES, start_fleet, stop_fleet
from .measure import Phase, current_rss_kib, fan_out, log_phase, measured, peak_rss_kib

# Home Assistant must stay responsive: at most this many audits at once (the
# integration's own limit, so the benchmark measures what Home Assistant runs).
DEFAULT_CONCURRENCY = MAX_CONCURRENT_AUDITS
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
    parser.add_argument(
        "--fleet",
        choices=SOURCES,
        default="auto",
        help="camsim: `camsim --fleet N`; bench: bench.fleet; auto: camsim if it can",
    )
    return parser


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


SWEEP = "sweep (full audit)"
OURS = "onvif (ours)"
OURS_WARM = "onvif (ours, warm connections)"
BASELINE_FULL = "onvif (baseline, with construction)"
BASELINE_CALLS = "onvif (baseline, calls only)"


class Bench:
    """The phases over one fleet, interleaved round by round.

    Interleaving lets slow drifts in machine load hit every phase alike; each
    phase keeps its best round (noise only ever adds time).
    """

    def __init__(self, cameras: list[FleetCamera], args: argparse.Namespace) -> None:
        self.cameras = cameras
        # The like-for-like ONVIF phases: cameras answering ONVIF over plain HTTP
        # (both clients speak http://; e.g. camsim's Axis redirects to HTTPS). Set in run().
        self.onvif_cameras: list[FleetCamera] = cameras
        self.args = args
        self.best: dict[str, Phase] = {}
        self.sessions = FreshSessions()
        self.audit_requests: list[int] = []
        self.onvif_requests: list[int] = []
        self.baseline_errors: Counter[str] = Counter()
        self.services: list[tuple[Any, Any]] = []
        self.round = 0
        # Persisted across audits as the integration persists it: a guarded
        # default-credential attempt happens at most once per account per day.
        self.guard = DefaultLoginGuard()

    async def _measure(
        self,
        name: str,
        work: Callable[[Phase], Awaitable[None]],
        prepare: Callable[[], Awaitable[None]],
    ) -> None:
        await prepare()
        gc.collect()
        async with measured(name) as phase:
            await work(phase)
        count = len(self.cameras) if name == SWEEP else len(self.onvif_cameras)
        log_phase(phase, count, f" (round {self.round}/{self.args.rounds})")
        previous = self.best.get(name)
        self.best[name] = phase if previous is None else previous.best(phase)

    async def _sweep(self, phase: Phase) -> None:
        session = self.sessions.get()

        async def one(camera: FleetCamera) -> AuditResult:
            return await audit(session, camera.target(), guard=self.guard)

        results = await fan_out(self.cameras, one, self.args.concurrency, phase.errors)
        self.audit_requests = [r.requests for r in results if r is not None]

    async def _ours(self, phase: Phase) -> None:
        session = self.sessions.get()

        async def one(camera: FleetCamera) -> int:
            return await our_onvif_facts(session, camera)

        done = await fan_out(self.onvif_cameras, one, self.args.concurrency, phase.errors)
        self.onvif_requests = [r for r in done if r is not None]

    async def _ours_warm_up(self) -> None:
        # Like _baseline_connect: a new session whose connections one unmeasured
        # clock read per camera has opened, so the round measures the calls alone.
        await self.sessions.renew()
        session = self.sessions.get()

        async def clock(camera: FleetCamera) -> None:
            onvif = OnvifClient(HttpClient(session), camera.address, camera.ports["onvif"])
            await onvif.get_system_date_and_time()

        await fan_out(self.onvif_cameras, clock, self.args.concurrency, Counter())

    async def _baseline_full(self, phase: Phase) -> None:
        from . import baseline  # noqa: PLC0415 - zeep is imported only when measured

        async def one(camera: FleetCamera) -> None:
            await baseline.full(camera, self.baseline_errors)

        await fan_out(self.onvif_cameras, one, self.args.concurrency, phase.errors)

    async def _baseline_connect(self) -> None:
        # Built before each round, outside the measurement, with cold connections.
        from . import baseline  # noqa: PLC0415

        await self._baseline_close()
        connected = await fan_out(
            self.onvif_cameras, baseline.connect, self.args.concurrency, Counter()
        )
        self.services = [pair for pair in connected if pair is not None]

    async def _baseline_close(self) -> None:
        from . import baseline  # noqa: PLC0415

        await baseline.close_all([device for device, _ in self.services])
        self.services = []

    async def _baseline_calls(self, phase: Phase) -> None:
        from . import baseline  # noqa: PLC0415

        async def one(pair: tuple[Any, Any]) -> None:
            await baseline.facts(pair[1], self.baseline_errors)

        await fan_out(self.services, one, self.args.concurrency, phase.errors)

    async def run(self) -> dict[str, Any]:
        """Warm up, run every round, and return the report."""
        await self.sessions.renew()
        # Warm-up: imports, adapter discovery, first connection.
        await audit(self.sessions.get(), self.cameras[0].target(), guard=self.guard)
        answered = await fan_out(
            self.cameras,
            lambda camera: our_onvif_facts(self.sessions.get(), camera),
            self.args.concurrency,
            Counter(),
        )
        self.onvif_cameras = [c for c, r in zip(self.cameras, answered, strict=True) if r]
        sys.stderr.write(
            f"onvif phases: {len(self.onvif_cameras)} cameras answer ONVIF over HTTP\n"
        )
        gc.collect()
        rss_before = current_rss_kib()
        peak = rss_before
        try:
            for number in range(1, self.args.rounds + 1):
                self.round = number
                await self._measure(SWEEP, self._sweep, self.sessions.renew)
                if self.round == 1:
                    # Before the baseline's first import: our audits' memory alone.
                    peak = peak_rss_kib()
                await self._measure(OURS, self._ours, self.sessions.renew)
                await self._measure(OURS_WARM, self._ours, self._ours_warm_up)
                if self.args.no_baseline:
                    continue
                if self.round == 1:
                    await self._baseline_warm_up()
                await self._measure(BASELINE_FULL, self._baseline_full, _nothing)
                await self._measure(BASELINE_CALLS, self._baseline_calls, self._baseline_connect)
        finally:
            await self.sessions.close()
            await self._baseline_close()
        return self.report(rss_before, peak)

    async def _baseline_warm_up(self) -> None:
        from . import baseline  # noqa: PLC0415

        await baseline.full(self.onvif_cameras[0], Counter())  # the WSDL is parsed once

    def report(self, rss_before: int, peak: int) -> dict[str, Any]:
        """The figures as one flat JSON-ready dict."""
        count = len(self.cameras)
        onvif_count = len(self.onvif_cameras)
        sweep, ours, warm = self.best[SWEEP], self.best[OURS], self.best[OURS_WARM]
        report: dict[str, Any] = {
            "cameras": count,
            "concurrency": self.args.concurrency,
            "rounds": self.args.rounds,
            "sweep_wall_s": round(sweep.wall_s, 3),
            "cpu_ms_per_camera": round(sweep.cpu_ms_per(count), 3),
            "requests_per_audit": round(
                sum(self.audit_requests) / max(len(self.audit_requests), 1), 2
            ),
            "peak_rss_kib": peak,
            "rss_kib_per_camera": round(max(peak - rss_before, 0) / count, 1),
            "max_loop_stall_ms": round(sweep.max_stall_ms, 2),
            "max_loop_stall_cpu_ms": round(sweep.max_stall_cpu_ms, 2),
            "audit_errors": dict(sweep.errors),
            "onvif_cameras": onvif_count,
            "onvif_cpu_ms_per_camera": round(ours.cpu_ms_per(onvif_count), 3),
            "onvif_wall_s": round(ours.wall_s, 3),
            "onvif_warm_cpu_ms_per_camera": round(warm.cpu_ms_per(onvif_count), 3),
            "onvif_warm_wall_s": round(warm.wall_s, 3),
            "onvif_warm_errors": dict(warm.errors),
            "onvif_max_loop_stall_ms": round(ours.max_stall_ms, 2),
            "onvif_requests_per_camera": round(sum(self.onvif_requests) / max(onvif_count, 1), 2),
            "onvif_errors": dict(ours.errors),
        }
        if BASELINE_CALLS not in self.best:
            return report
        calls, built = self.best[BASELINE_CALLS], self.best[BASELINE_FULL]
        report |= {
            "baseline_onvif_cpu_ms_per_camera": round(calls.cpu_ms_per(onvif_count), 3),
            "baseline_onvif_wall_s": round(calls.wall_s, 3),
            "baseline_onvif_max_loop_stall_ms": round(calls.max_stall_ms, 2),
            "baseline_onvif_with_construction_cpu_ms_per_camera": round(
                built.cpu_ms_per(onvif_count), 3
            ),
            "baseline_onvif_with_construction_wall_s": round(built.wall_s, 3),
            "baseline_onvif_errors": dict(built.errors + calls.errors + self.baseline_errors),
            "onvif_cpu_ratio": round(calls.cpu_s / ours.cpu_s, 2),
            "onvif_cpu_ratio_with_construction": round(built.cpu_s / ours.cpu_s, 2),
            "onvif_wall_ratio": round(calls.wall_s / ours.wall_s, 2),
            # Like for like with "calls only": both sides on connections already open.
            "onvif_cpu_ratio_warm": round(calls.cpu_s / warm.cpu_s, 2),
            "onvif_wall_ratio_warm": round(calls.wall_s / warm.wall_s, 2),
        }
        return report


async def _nothing() -> None:
    """No preparation needed."""


# Identities of real captures (tests/fixtures/real), exact names and patterns alike.
CATALOG_PROBES = (
    ("hikvision", "DS-2CD2146G2-ISU", "V5.7.17 build 240606"),
    ("hikvision", "DS-2SE4C425MWG-E-26", "V5.8.1 build 240929"),
    ("dahua", "NVR2X-4KS3", "4.001.0000005.0,build:2020-11-17"),
    ("axis", "M1065-LW", "9.80.1"),
    ("reolink", "RLC-823A", "v3.1.0.956_22041511_v1.0.0.30"),
    ("hanwha", "XNV-6080R", "2.21.02"),
)


def catalog_figures(rounds: int = 5, lookups: int = 2000) -> dict[str, Any]:
    """Time to load the bundled advisory catalog and to judge one firmware with it.

    Loading (read, validate, index) happens once per start, in an executor; a lookup
    once per camera per audit.
    """
    load = []
    for _ in range(rounds):
        started = time.perf_counter()
        catalog = Catalog(*bundled_files())
        load.append(time.perf_counter() - started)
    started = time.perf_counter()
    for index in range(lookups):
        catalog.lookup(*CATALOG_PROBES[index % len(CATALOG_PROBES)])
    per_lookup = (time.perf_counter() - started) / lookups
    figures = {
        "catalog_entries": len(catalog.entries),
        "catalog_model_patterns": sum(len(entry["models"]) for entry in catalog.entries),
        "catalog_load_ms": round(min(load) * 1000, 1),
        "catalog_lookup_us": round(per_lookup * 1e6, 1),
    }
    sys.stderr.write(
        f"catalog: {figures['catalog_entries']} entries, "
        f"{figures['catalog_model_patterns']} model names/patterns, "
        f"load {figures['catalog_load_ms']} ms, lookup {figures['catalog_lookup_us']} us\n"
    )
    return figures


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Run every phase against a fresh fleet and return the report."""
    raise_fd_limit()
    proc, cameras = await start_fleet(args.cameras, args.fleet)
    try:
        personas = Counter(camera.persona for camera in cameras)
        sys.stderr.write(f"fleet: {len(cameras)} cameras {dict(personas)}\n")
        return await Bench(cameras, args).run() | catalog_figures()
    finally:
        await stop_fleet(proc)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bench.run`."""
    args = _parser().parse_args(argv)
    report = asyncio.run(bench(args))
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
