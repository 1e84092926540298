"""Every fault mode ends in bounded time as CannotConnect or unknown: no crash, no pass."""

from __future__ import annotations

import asyncio
import tracemalloc

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.hostile import HUGE_BODY_BYTES, TLS_FAULTS, Fault, HostileCamera
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.audit import audit, read_device_info
from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.models import (
    DEFAULT_PORTS,
    AuditResult,
    Status,
    Target,
)
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient

from .conftest import HANG_GUARD_S

# Faults that break every HTTP answer (the camera never says anything usable).
BROKEN_HTTP = sorted(
    f.value
    for f in Fault
    if f not in TLS_FAULTS | {Fault.CLOCK_JUMP, Fault.DISAPPEARING, Fault.BAD_REDIRECT}
)


def _target(camera: HostileCamera) -> Target:
    # Every service of this "camera" is the hostile port: probes meet the fault too.
    ports = dict.fromkeys(DEFAULT_PORTS, camera.port)
    return Target(camera.host, camera.port, "admin", "Sim-Pass-0nvif!", ports=ports)


async def _audit(session: aiohttp.ClientSession, target: Target) -> AuditResult | CannotConnect:
    """Run one audit under the hang guard; CannotConnect is an accepted outcome."""
    try:
        return await asyncio.wait_for(audit(session, target), HANG_GUARD_S)
    except CannotConnect as err:
        return err


# Judged offline from the password we hold, not from anything the camera says.
OFFLINE = frozenset({"password_strength"})


def _passes(result: AuditResult) -> list[str]:
    return [
        check_id
        for check_id, check in result.checks.items()
        if check.status is Status.PASS and check_id not in OFFLINE
    ]


@pytest.mark.parametrize("hostile", BROKEN_HTTP, indirect=True)
async def test_audit_of_broken_camera_is_cannot_connect_or_unknown(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    outcome = await _audit(session, _target(hostile))
    assert hostile.requests, "the audit never reached the hostile camera"
    if isinstance(outcome, AuditResult):
        # Nothing this camera said was readable, so nothing may pass.
        assert _passes(outcome) == []


@pytest.mark.parametrize("hostile", BROKEN_HTTP, indirect=True)
async def test_onvif_calls_to_broken_camera_raise_cannot_connect(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    onvif = OnvifClient(HttpClient(session), hostile.host, hostile.port, "admin", "secret")
    for call in (onvif.get_system_date_and_time, onvif.get_device_information):
        with pytest.raises(CannotConnect):
            await asyncio.wait_for(call(), HANG_GUARD_S)


@pytest.mark.parametrize("hostile", [Fault.RESET.value, Fault.SLOWLORIS.value], indirect=True)
async def test_onvif_clock_lost_in_transit_sends_no_credentials(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    # The ONVIF adapter goes on without the clock only when the camera answered; a clock
    # read cut off in transit ends the audit before any credentialed request.
    outcome = await asyncio.wait_for(_audit_onvif(session, _target(hostile)), HANG_GUARD_S)
    assert isinstance(outcome, CannotConnect)
    assert "GetSystemDateAndTime" in hostile.requests
    assert "GetDeviceInformation" not in hostile.requests


async def _audit_onvif(
    session: aiohttp.ClientSession, target: Target
) -> AuditResult | CannotConnect:
    try:
        return await audit(session, target, vendor="onvif")
    except CannotConnect as err:
        return err


@pytest.mark.parametrize(
    "hostile", [*BROKEN_HTTP, Fault.DISAPPEARING.value, *sorted(TLS_FAULTS)], indirect=True
)
async def test_config_flow_connection_test_is_cannot_connect(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    # What the config flow calls: anything but CannotConnect would be a crash there.
    with pytest.raises(CannotConnect):
        await asyncio.wait_for(read_device_info(session, _target(hostile)), HANG_GUARD_S)


@pytest.mark.parametrize("hostile", [Fault.HUGE_BODY.value], indirect=True)
async def test_huge_body_is_refused_without_reading_it(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    http = HttpClient(session)
    tracemalloc.start()
    try:
        with pytest.raises(CannotConnect):
            await asyncio.wait_for(
                http.request("GET", f"http://{hostile.host}:{hostile.port}/"), HANG_GUARD_S
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The camera streams 10 MB without announcing a length; the client stops at its cap.
    assert peak < HUGE_BODY_BYTES // 8


@pytest.mark.parametrize("hostile", [Fault.SLOWLORIS.value], indirect=True)
async def test_slowloris_body_is_cut_by_the_request_timeout(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    http = HttpClient(session, aiohttp.ClientTimeout(total=0.5))
    with pytest.raises(CannotConnect):
        await asyncio.wait_for(
            http.request("POST", f"http://{hostile.host}:{hostile.port}/", data=b"<x/>"),
            HANG_GUARD_S,
        )
    # The camera was still dripping when the client gave up.
    assert hostile.bytes_sent > 0
    assert hostile.connections == 1


@pytest.mark.parametrize("hostile", [Fault.DISAPPEARING.value], indirect=True)
async def test_camera_vanishing_after_the_clock_read_is_cannot_connect(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    outcome = await _audit(session, _target(hostile))
    assert isinstance(outcome, CannotConnect)
    assert "GetSystemDateAndTime" in hostile.requests
    assert not hostile.listening


@pytest.mark.parametrize("hostile", [Fault.DISAPPEARING.value], indirect=True)
async def test_onvif_call_after_the_camera_vanished_is_cannot_connect(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    onvif = OnvifClient(HttpClient(session), hostile.host, hostile.port, "admin", "secret")
    clock = await asyncio.wait_for(onvif.get_system_date_and_time(), HANG_GUARD_S)
    assert clock.utc is not None
    with pytest.raises(CannotConnect):
        await asyncio.wait_for(onvif.get_device_information(), HANG_GUARD_S)


@pytest.mark.parametrize("hostile", [Fault.CLOCK_JUMP.value], indirect=True)
async def test_clock_jumps_never_pass_time_sync(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    results = []
    for _ in range(4):
        outcome = await _audit(session, _target(hostile))
        assert isinstance(outcome, AuditResult)
        results.append(outcome)
    statuses = []
    for result in results:
        assert result.device.manufacturer == "Hostile"
        offset = result.facts.clock_offset_s
        # The camera is always hours off (or unreadable): each audit must see its own read.
        assert offset is None or abs(offset) > 3600
        status = result.checks["time_synced"].status
        assert status in {Status.FAIL, Status.UNKNOWN}
        statuses.append(status)
        assert _passes(result) == []
    assert Status.FAIL in statuses
    assert hostile.clock_reads >= 4


@pytest.mark.parametrize("hostile", sorted(f.value for f in TLS_FAULTS), indirect=True)
async def test_tls_faults_are_cannot_connect(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    http = HttpClient(session)
    with pytest.raises(CannotConnect):
        await asyncio.wait_for(
            http.request("GET", f"https://{hostile.host}:{hostile.port}/"), HANG_GUARD_S
        )
    assert hostile.connections >= 1


@pytest.mark.parametrize("hostile", sorted(f.value for f in TLS_FAULTS), indirect=True)
async def test_broken_https_port_never_passes_https_only(
    hostile: HostileCamera, session: aiohttp.ClientSession
) -> None:
    # A healthy ONVIF camera whose HTTPS port is the hostile TLS server.
    camera = SimCamera(PERSONAS["onvif_generic"].persona())
    await camera.start()
    try:
        username, password = next(iter(camera.persona.users.items()))
        target = Target(
            camera.host, camera.http_port, username, password, ports={"https": hostile.port}
        )
        outcome = await _audit(session, target)
    finally:
        await camera.stop()
    assert isinstance(outcome, AuditResult)
    assert outcome.checks["https_only"].status is not Status.PASS
    assert camera.takeovers == []
