"""One audit run against one camera: detect, collect facts, judge them.

Order matters for the camera's safety: unauthenticated reads first (clock,
fingerprint, vendor detection), then the vendor adapter with the configured
credentials, once. A rejected login is never retried.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

import aiohttp
from yarl import URL

from .checks import evaluate, score
from .errors import CannotConnect
from .models import AuditResult, DeviceInfo, Facts, Severity, Target
from .transport.http import HttpClient
from .transport.onvif import OnvifClient
from .vendors import adapters
from .vendors.base import AuditContext, DefaultLoginGuard, VendorAdapter
from .vendors.onvif import OnvifAdapter


async def read_device_info(session: aiohttp.ClientSession, target: Target) -> DeviceInfo:
    """Test a connection the way the config flow needs: clock first, then identity."""
    facts = Facts()
    await onvif_identity(HttpClient(session), target, facts)
    assert facts.device is not None
    return facts.device


async def onvif_identity(http: HttpClient, target: Target, facts: Facts) -> None:
    """Read clock (no credentials) and identity (WS-Security) over ONVIF into facts."""
    onvif = OnvifClient(
        http, target.host, target.port_for("onvif"), target.username, target.password
    )
    clock = await onvif.get_system_date_and_time()
    if clock.utc is not None:
        facts.note("clock_offset_s", onvif.clock_offset_s, "ONVIF GetSystemDateAndTime")
    if clock.ntp is not None:
        facts.note("ntp_enabled", clock.ntp, "ONVIF GetSystemDateAndTime DateTimeType")
    device = await onvif.get_device_information()
    if not device.serial:
        # Without a serial the MAC is the only stable identity the camera offers.
        device = replace(device, mac=await onvif.get_mac())
    facts.device = device


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


async def negotiate_web_scheme(ctx: AuditContext) -> None:
    """Fetch the web root once (no credentials); follow a camera that only speaks HTTPS.

    The answer is kept as `ctx.root_page` so detectors can fingerprint it for free.
    """
    try:
        ctx.root_page = await ctx.http.request("GET", ctx.url("/"))
    except CannotConnect:
        return
    location = URL(ctx.root_page.headers.get("Location", ""))
    if ctx.root_page.status in (301, 302, 303, 307, 308) and location.scheme == "https":
        ctx.web_scheme = "https"
        if "https" not in ctx.target.ports and location.explicit_port is not None:
            # The camera told us where its HTTPS interface is.
            ports = {**ctx.target.ports, "https": location.explicit_port}
            ctx.target = replace(ctx.target, ports=ports)


async def audit(
    session: aiohttp.ClientSession,
    target: Target,
    *,
    guard: DefaultLoginGuard | None = None,
    vendor: str = "auto",
    enabled: Mapping[str, bool] | None = None,
    severities: Mapping[str, Severity] | None = None,
) -> AuditResult:
    """Run one audit. Raises CannotConnect or InvalidAuth (never retried)."""
    started = time.perf_counter()
    http = HttpClient(session)
    ctx = AuditContext(http, target, guard or DefaultLoginGuard())
    facts = Facts()
    await negotiate_web_scheme(ctx)
    # Nothing detected, not even ONVIF's clock: the generic adapter still tries (and
    # raises CannotConnect when the camera does not answer).
    adapter = await detect_vendor(ctx, vendor) or OnvifAdapter
    facts.vendor = adapter.vendor
    await adapter().collect(ctx, facts)
    if facts.device is None:
        raise CannotConnect("camera did not report its identity")
    device = facts.device
    results = evaluate(facts, enabled, severities)
    return AuditResult(
        device=device,
        facts=facts,
        checks=results,
        score=score(results),
        finished_at=datetime.now(UTC),
        clock_offset_s=facts.clock_offset_s or 0.0,
        requests=http.requests,
        login_failures=ctx.login_failures,
        duration_ms=(time.perf_counter() - started) * 1000,
    )
