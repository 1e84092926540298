"""One audit run against one camera: detect, collect facts, judge them.

Order matters for the camera's safety: unauthenticated reads first (clock,
fingerprint, vendor detection), then the vendor adapter with the configured
credentials, once. A rejected login is never retried.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import aiohttp

from .advisories.lookup import Catalog, bundled_catalog
from .checks import evaluate, score
from .deadline import within_deadline
from .errors import CannotConnect, LoginLocked, NoConnection
from .hosts import HTTPS, camera_url
from .lockout import LoginGate, LoginPreflight
from .models import AuditResult, DeviceInfo, Facts, Severity, Target
from .password import evidence as password_evidence
from .password import password_findings
from .probes import ProbeContext
from .probes.http_exposure import probe_https_only
from .probes.onvif_anonymous import probe_onvif_anonymous
from .probes.rtsp import probe_rtsp
from .probes.snapshot import probe_anonymous_snapshot
from .probes.tcp import probe_ports
from .probes.tls import probe_tls_certificate
from .probes.upnp import probe_upnp
from .probes.upnp_igd import probe_router_exposure
from .transport.http import HttpClient, Response, redirect_location
from .vendors import adapters
from .vendors.base import AuditContext, DefaultLoginGuard, VendorAdapter
from .vendors.onvif import OnvifAdapter

_LOGGER = logging.getLogger(__name__)
# Wall-clock budget of each vendor-neutral probe (they run concurrently).
PROBE_BUDGET_S = 20.0


async def read_device_info(
    session: aiohttp.ClientSession, target: Target, gate: LoginGate | None = None
) -> AuditResult:
    """Test a connection the way the config flow needs: detect the vendor, read identity.

    An audit without the vendor-neutral probes: the same requests, in the same safe
    order, as every later audit (one credentialed login, never retried). `gate` sees
    the camera's lock state first and may stop the login (see posture/lockout.py).
    The result's `device` is the identity, its `scheme` how the given port answered
    (store it).
    """
    return await audit(session, target, probes=False, gate=gate)


async def detect_vendor(ctx: AuditContext, vendor: str = "auto") -> type[VendorAdapter] | None:
    """Pick the adapter for this camera: forced by name, or the first detector that says yes."""
    candidates = adapters()
    if vendor != "auto":
        return next((cls for cls in candidates if cls.vendor == vendor), None)
    for cls in candidates:
        try:
            if await cls.detect(ctx):
                return cls
        except CannotConnect:
            continue
    return None


async def _bounded(probe: Coroutine[Any, Any, None]) -> None:
    # A probe sets a fact only once it has concluded, so cutting it short leaves
    # that fact None (unknown), never half-true.
    async with asyncio.timeout(PROBE_BUDGET_S):
        await probe


async def _run_probes(
    session: aiohttp.ClientSession, probe_ctx: ProbeContext, facts: Facts
) -> None:
    """Every vendor-neutral probe, concurrently; a failing probe leaves its facts None."""
    outcomes = await asyncio.gather(
        _bounded(probe_ports(probe_ctx, facts)),
        _bounded(probe_rtsp(probe_ctx, facts)),
        _bounded(probe_https_only(probe_ctx, facts)),
        _bounded(probe_onvif_anonymous(probe_ctx, facts)),
        _bounded(probe_upnp(probe_ctx, facts)),
        _bounded(probe_router_exposure(probe_ctx, facts, session)),
        _bounded(probe_tls_certificate(probe_ctx, facts)),
        _bounded(probe_anonymous_snapshot(probe_ctx, facts)),
        return_exceptions=True,
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, Exception):
                raise outcome  # cancellation and friends are not probe failures
            _LOGGER.debug("probe failed: %s", type(outcome).__name__)


def judge_firmware(facts: Facts, device: DeviceInfo, catalog: Catalog) -> None:
    """Firmware facts from the advisory catalog (unknown model -> all None)."""
    verdict = catalog.lookup(
        facts.vendor,
        device.model,
        device.firmware,
        manufacturer=device.manufacturer,
        hardware=device.hardware_id,
    )
    facts.note("latest_firmware", verdict.latest_firmware, verdict.up_to_date_evidence)
    facts.note("firmware_up_to_date", verdict.firmware_up_to_date, verdict.up_to_date_evidence)
    facts.note("advisories", verdict.advisories, verdict.vulnerabilities_evidence)
    facts.note("firmware_eol", verdict.eol, verdict.evidence)


def _weigh_camera_update(facts: Facts) -> None:
    """Let the camera's own update check speak where it knows more than the catalog.

    "A newer firmware is offered" fails firmware_up_to_date whatever the catalog says
    (the vendor knows its releases best). "Nothing newer found" is only recorded: a
    camera cut off from the internet answers the same, so it never makes a pass.
    """
    update = facts.camera_update
    if update is None or update.available is None:
        return
    catalog = facts.evidence.get("firmware_up_to_date", "")
    if not update.available:
        said = f"{update.source}: camera found no newer firmware (not proof)"
        facts.evidence["firmware_up_to_date"] = "; ".join(p for p in (catalog, said) if p)
        return
    offered = f" ({update.version})" if update.version else ""
    said = f"{update.source}: the camera reports newer firmware{offered}"
    facts.note("firmware_up_to_date", False, "; ".join(p for p in (said, catalog) if p))
    if update.version and not facts.latest_firmware:
        facts.note("latest_firmware", update.version, f"{update.source}: offered release")


def factory_passwords() -> set[str]:
    """Every family's factory passwords (the guarded default-login lists)."""
    return {pw for cls in adapters() for pw in cls.default_credentials.values()}


def _review_password(facts: Facts, target: Target, reused: bool | None) -> None:
    """password_strength's fact, judged offline from the configured password."""
    if not target.username:
        facts.evidence["password_findings"] = "no account configured: nothing to judge"  # noqa: S105
        return
    findings = password_findings(
        target.password,
        factory_passwords=factory_passwords(),
        device=facts.device,
        reused=reused,
    )
    facts.note("password_findings", findings, password_evidence(findings, reused))


async def _get_root(http: HttpClient, target: Target) -> Response | CannotConnect:
    """GET / on the target's web port with its scheme (the error when no HTTP answer)."""
    url = camera_url(target.scheme, target.host, target.port)
    try:
        return await http.request("GET", url)
    except CannotConnect as err:
        return err


async def negotiate_web_scheme(ctx: AuditContext) -> None:
    """Fetch the web root once (no credentials) and settle how to talk to the camera.

    A target given as HTTPS is spoken to over TLS only. Otherwise plain HTTP is tried
    first; when it fails on the given port (no HTTP answer, or the 400 that TLS servers
    give a plain request), TLS is tried on that same port: a camera with plain HTTP
    switched off serves only TLS there. A plain answer that redirects to https:// is
    followed to the HTTPS port it names. The answer is kept as `ctx.root_page` so
    detectors can fingerprint it for free.
    """
    page = await _get_root(ctx.http, ctx.target)
    ctx.root_page = page if isinstance(page, Response) else None
    if ctx.target.scheme == HTTPS or isinstance(page, NoConnection):
        return  # TLS on a port that takes no connection at all would fare no better
    if ctx.root_page is None or ctx.root_page.status == 400:
        tls = replace(ctx.target, scheme=HTTPS)
        tls_page = await _get_root(ctx.http, tls)
        if isinstance(tls_page, Response):
            _LOGGER.debug("the given port of %s answers only TLS", ctx.target.host)
            ctx.target = tls
            ctx.web_scheme = HTTPS
            ctx.root_page = tls_page
        return
    location = redirect_location(ctx.root_page.status, ctx.root_page.headers)
    if location is not None and location.scheme == HTTPS:
        ctx.web_scheme = HTTPS
        if "https" not in ctx.target.ports and location.explicit_port is not None:
            # The camera told us where its HTTPS interface is.
            ports = {**ctx.target.ports, "https": location.explicit_port}
            ctx.target = replace(ctx.target, ports=ports)


@within_deadline
async def audit(
    session: aiohttp.ClientSession,
    target: Target,
    *,
    guard: DefaultLoginGuard | None = None,
    vendor: str = "auto",
    enabled: Mapping[str, bool] | None = None,
    severities: Mapping[str, Severity] | None = None,
    services: Mapping[str, int] | None = None,
    active_probing: bool = True,
    router: str | None = None,
    probes: bool = True,
    gate: LoginGate | None = None,
    catalog: Catalog | None = None,
    update_check: bool = False,
    password_reused: bool | None = None,
) -> AuditResult:
    """Run one audit. Raises CannotConnect or InvalidAuth (never retried).

    The whole audit ends at the engine's deadline (AuditTimeout, see deadline.py).
    `services` overrides service ports (merged over `target.ports`); `active_probing`
    False forbids guarded default-credential logins; `router` (IGD description URL
    or host) overrides `target.router` for the router-exposure probe; `probes` False
    skips the vendor-neutral probes (adapter facts and the catalog only); `gate`, when
    given, is awaited with the camera's lock state before any credential is sent;
    `catalog` is the advisory catalog to judge firmware by (default: the bundled one);
    `update_check` lets the camera run its own update check (it contacts its vendor);
    `password_reused` says whether the caller holds the same password for another camera
    (None: not compared).
    """
    started = time.perf_counter()
    try:
        # Every caller parses hosts (hosts.parse_host); this guards stored data from
        # before that, which no URL can hold: the camera is unreachable, not a crash.
        camera_url(target.scheme, target.host, target.port)
    except ValueError:
        raise CannotConnect("not a usable camera address") from None
    if services:
        target = replace(target, ports={**target.ports, **services})
    guard = guard or DefaultLoginGuard()
    if not active_probing:
        # Same attempt memory, but no default-credential login in this run.
        guard = DefaultLoginGuard(active=False, attempts=guard.attempts)
    http = HttpClient(session)
    ctx = AuditContext(http, target, guard, update_check=update_check)
    facts = Facts()
    # 1. Unauthenticated reads, 2. detection, 3. the adapter (credentials, once).
    await negotiate_web_scheme(ctx)
    # Nothing detected, not even ONVIF's clock: the generic adapter still tries. It raises
    # CannotConnect, before any credential is sent, when its clock read gets no answer.
    adapter = await detect_vendor(ctx, vendor) or OnvifAdapter
    facts.vendor = adapter.vendor
    if gate is not None:
        lock = await adapter.read_lock_state(ctx)
        if lock is not None and lock.locked:
            raise LoginLocked("camera reports a login lock for this client")
        await gate(LoginPreflight(adapter.vendor, adapter.lockout, lock))
    await adapter().collect(ctx, facts)
    facts.evidence.setdefault(
        "brute_force_protection",
        f"no login-lockout setting could be read through the {adapter.vendor} API",
    )
    if facts.device is None:
        raise CannotConnect("camera did not report its identity")
    device = facts.device
    # 4. Vendor-neutral probes fill what the adapter left None, 5. the catalog.
    probe_ctx = ProbeContext(
        http,
        ctx.target,  # may have learnt the HTTPS port from a redirect
        vendor=facts.vendor,
        root_page=ctx.root_page,
        web_scheme=ctx.web_scheme,
        router=target.router if router is None else router,
        snapshot_paths=adapter.snapshot_paths,
    )
    if probes:
        await _run_probes(session, probe_ctx, facts)
    _review_password(facts, ctx.target, password_reused)
    judge_firmware(facts, device, catalog or bundled_catalog())
    _weigh_camera_update(facts)
    # 6. Verdicts.
    results = evaluate(facts, enabled, severities)
    return AuditResult(
        device=device,
        facts=facts,
        checks=results,
        score=score(results),
        finished_at=datetime.now(UTC),
        clock_offset_s=facts.clock_offset_s or 0.0,
        requests=http.requests + probe_ctx.requests,
        login_failures=ctx.login_failures,
        duration_ms=(time.perf_counter() - started) * 1000,
        scheme=ctx.target.scheme,
    )
