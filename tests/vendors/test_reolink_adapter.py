"""The Reolink adapter, through the engine's audit(), against the reolink persona."""

from __future__ import annotations

import json
from dataclasses import replace

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.personas import reolink as reolink_persona
from camsim.personas.reolink import MAX_SESSIONS, P2P_UID
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import (
    CannotConnect,
    LoginLocked,
)
from custom_components.camera_posture.posture.models import Status

from .helpers import REOLINK_CHECKS, assert_identifies, observed, outcomes, running, target, truth


async def _login(session: aiohttp.ClientSession, camera: SimCamera, password: str) -> dict:
    body = [{"cmd": "Login", "param": {"User": {"userName": "admin", "password": password}}}]
    url = f"http://{camera.host}:{camera.http_port}/cgi-bin/api.cgi?cmd=Login&token=null"
    async with session.post(url, data=json.dumps(body)) as response:
        return json.loads(await response.text())[0]


async def test_auto_audit_matches_persona_truth() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera))
        assert_identifies(result, camera, "reolink")
        assert observed(result, REOLINK_CHECKS) == truth(camera, REOLINK_CHECKS)
        assert result.facts.ntp_enabled is camera.persona.ntp
        # The P2P UID is a secret: it must not surface anywhere in the result.
        assert P2P_UID not in repr(result)
        assert result.login_failures == 0
    assert outcomes(camera) == ["ok"]
    assert camera.takeovers == []


async def test_every_audit_logs_out_so_sessions_never_run_out() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        for _ in range(MAX_SESSIONS + 2):
            await audit(session, target(camera), vendor="reolink")
        assert outcomes(camera) == ["ok"] * (MAX_SESSIONS + 2)


async def test_changed_state_is_observed() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        persona = camera.persona
        persona.cloud = persona.upnp = persona.ntp = False
        persona.https_only = True
        persona.users["admin"] = "S1m-Changed!"
        persona.clock_skew_s = -900
        await camera.sync_services()  # HTTPS-only: open the TLS port, as PATCH would
        # Reolink's HTTPS-only closes plain HTTP: the camera is reached on its TLS port.
        tls = replace(target(camera), port=camera.ports["https"])
        result = await audit(session, tls, vendor="reolink")
        assert result.scheme == "https"
        assert observed(result, REOLINK_CHECKS) == truth(camera, REOLINK_CHECKS)
        assert result.facts.ntp_enabled is False
        assert "S1m-Changed!" not in " ".join(result.facts.evidence.values())


async def test_locked_camera_is_left_alone() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        assert camera.persona.lockout is not None
        for _ in range(camera.persona.lockout.threshold):
            await _login(session, camera, "guess")
        assert (await _login(session, camera, ""))["error"]["rspCode"] == -506
        before = len(camera.logins)
        # A lock is a credentials situation the user must see (like Hikvision's).
        with pytest.raises(LoginLocked):
            await audit(session, target(camera))
        # Exactly one attempt, refused as locked; nothing retried.
        assert outcomes(camera)[before:] == ["locked"]


async def test_full_session_table_is_cannot_connect_not_a_failed_login() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        for _ in range(MAX_SESSIONS):
            assert (await _login(session, camera, ""))["code"] == 0
        assert (await _login(session, camera, ""))["error"]["rspCode"] == -5
        with pytest.raises(CannotConnect):
            await audit(session, target(camera), vendor="reolink")
        assert "failed" not in outcomes(camera)


async def test_unsupported_reads_are_unknown_never_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # Firmware that knows GetDevInfo only: every other read answers rspCode -9.
    full = reolink_persona._getters
    monkeypatch.setattr(
        reolink_persona,
        "_getters",
        lambda camera: {"GetDevInfo": full(camera)["GetDevInfo"]},
    )
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera), probes=False)  # adapter only
        assert result.device.firmware == camera.persona.firmware
        for check_id in ("cloud_access", "upnp", "https_only"):
            assert result.checks[check_id].status is Status.UNKNOWN
        assert outcomes(camera) == ["ok"]
