"""Audit orchestration: order, probes, catalog, cost accounting, reachability."""

from __future__ import annotations

import asyncio
from typing import ClassVar

import aiohttp
import pytest

from camsim.camera import SimCamera
from custom_components.camera_posture.posture import audit as audit_module
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import CannotConnect, InvalidAuth
from custom_components.camera_posture.posture.models import (
    AuditResult,
    DeviceInfo,
    Facts,
    Status,
    Target,
)
from custom_components.camera_posture.posture.vendors.base import (
    AuditContext,
    DefaultLoginGuard,
    VendorAdapter,
)

from .helpers import closed_port, quiet_services, tcp_server


class RecordingAdapter(VendorAdapter):
    """A test-only family: never detected, only chosen by name; records what it saw."""

    vendor = "test_recording"
    detect_order = 999
    seen: ClassVar[list[tuple[bool, bool]]] = []

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        return False

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        # (guard active?, root page already read before the adapter ran?)
        self.seen.append((ctx.guard.active, ctx.root_page is not None))
        # A recorder whose latest release the catalog names (Hikvision download centre).
        facts.device = DeviceInfo("Hikvision", "DS-7608NI-M2", "V5.04.087 build 260727", "X1")
        facts.note("telnet", False, "adapter says telnet is off")


async def _audit(camera: SimCamera) -> AuditResult:
    user, password = next(iter(camera.persona.users.items()))
    target = Target(camera.host, camera.http_port, user, password)
    async with aiohttp.ClientSession() as session:
        return await audit(session, target, services=quiet_services())


async def test_generic_onvif_audit(onvif_camera: SimCamera) -> None:
    result = await _audit(onvif_camera)
    assert result.device.serial == onvif_camera.persona.serial
    checks = result.checks
    assert checks["time_synced"].status is Status.FAIL
    assert checks["onvif_anonymous"].observed is False
    assert checks["https_only"].observed is False  # plain HTTP answers
    # A catalogued model (the range of ICSA-26-113-03's five CVE records): both firmware
    # checks judged, with sources.
    assert checks["firmware_up_to_date"].status is Status.FAIL
    assert checks["firmware_vulnerabilities"].status is Status.FAIL
    assert [a.cve for a in result.facts.advisories or ()] == [
        "CVE-2026-20766",
        "CVE-2026-27785",
        "CVE-2026-28747",
        "CVE-2026-32644",
        "CVE-2026-32649",
    ]
    assert "CVEProject/cvelistV5" in checks["firmware_vulnerabilities"].evidence
    assert result.login_failures == 0
    assert result.requests >= 3
    assert not onvif_camera.takeovers


async def test_adapter_facts_win_and_catalog_judges(onvif_camera: SimCamera) -> None:
    RecordingAdapter.seen.clear()
    async with aiohttp.ClientSession() as session, tcp_server() as telnet_port:
        target = Target(onvif_camera.host, onvif_camera.http_port, "admin", "x")
        result = await audit(
            session,
            target,
            vendor="test_recording",
            services={**quiet_services(), "telnet": telnet_port},
            active_probing=False,
        )
    assert RecordingAdapter.seen == [(False, True)]
    assert result.facts.telnet is False  # the adapter decided; the open port does not override
    assert telnet_port in (result.facts.open_ports or ())
    assert result.facts.firmware_up_to_date is True
    assert result.facts.advisories == ()
    assert result.checks["firmware_vulnerabilities"].status is Status.PASS
    assert "latest known release 5.04.087" in result.checks["firmware_up_to_date"].evidence
    evidence = result.checks["firmware_vulnerabilities"].evidence
    assert evidence.startswith("no catalogued advisory affects this firmware")


async def test_guard_memory_is_kept_when_probing_is_off(onvif_camera: SimCamera) -> None:
    RecordingAdapter.seen.clear()
    guard = DefaultLoginGuard(attempts={"x/admin": 1.0})
    async with aiohttp.ClientSession() as session:
        target = Target(onvif_camera.host, onvif_camera.http_port, ports=quiet_services())
        await audit(session, target, vendor="test_recording", guard=guard)
    assert RecordingAdapter.seen == [(True, True)]


async def test_unreachable_camera_raises_cannot_connect() -> None:
    async with aiohttp.ClientSession() as session:
        target = Target("127.0.0.1", closed_port(), ports=quiet_services())
        with pytest.raises(CannotConnect):
            await audit(session, target)


async def test_rejected_credentials_raise_once(onvif_camera: SimCamera) -> None:
    async with aiohttp.ClientSession() as session:
        target = Target(onvif_camera.host, onvif_camera.http_port, "admin", "wrong")
        with pytest.raises(InvalidAuth):
            await audit(session, target, services=quiet_services())
    failed = [a for a in onvif_camera.logins if a.outcome != "ok"]
    assert len(failed) == 1


async def test_a_stalled_probe_leaves_its_fact_unknown(
    onvif_camera: SimCamera, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def stall(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # never answers; returns once the client hangs up
        writer.close()

    monkeypatch.setattr(audit_module, "PROBE_BUDGET_S", 0.3)
    async with tcp_server(stall) as rtsp, aiohttp.ClientSession() as session:
        user, password = next(iter(onvif_camera.persona.users.items()))
        target = Target(onvif_camera.host, onvif_camera.http_port, user, password)
        result = await audit(session, target, services={**quiet_services(), "rtsp": rtsp})
    assert result.facts.rtsp_anonymous is None
    assert result.checks["rtsp_anonymous"].status is Status.UNKNOWN
    assert result.facts.onvif_anonymous is False  # the other probes still concluded


async def test_probes_can_be_skipped(onvif_camera: SimCamera) -> None:
    user, password = next(iter(onvif_camera.persona.users.items()))
    target = Target(onvif_camera.host, onvif_camera.http_port, user, password)
    async with tcp_server() as telnet, aiohttp.ClientSession() as session:
        services = {**quiet_services(), "telnet": telnet}
        skipped = await audit(session, target, services=services, probes=False)
        probed = await audit(session, target, services=services)
    assert (skipped.facts.open_ports, skipped.facts.telnet) == (None, None)
    assert probed.facts.open_ports == frozenset({telnet, onvif_camera.http_port})
    assert probed.facts.telnet is True
    assert skipped.requests < probed.requests
