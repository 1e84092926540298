"""The Axis adapter, through the engine's audit(), against the axis persona."""

from __future__ import annotations

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.personas import axis as axis_persona
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.models import Facts, Status

from .helpers import AXIS_CHECKS, assert_identifies, observed, outcomes, running, target, truth

SECRETS = ("Ax1s-Sim-Reference!",)


def _assert_secret_free(facts: Facts, camera: SimCamera) -> None:
    text = " ".join(facts.evidence.values())
    for secret in (*camera.persona.users.values(), *SECRETS):
        if secret:
            assert secret not in text


async def test_auto_audit_matches_persona_truth() -> None:
    async with running("axis") as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera))
        assert_identifies(result, camera, "axis", mac=False)
        assert observed(result, AXIS_CHECKS) == truth(camera, AXIS_CHECKS)
        assert result.facts.ntp_enabled is camera.persona.ntp
        assert all(result.checks[check_id].evidence for check_id in AXIS_CHECKS[:-1])
        _assert_secret_free(result.facts, camera)
        assert result.login_failures == 0
    assert "failed" not in outcomes(camera)
    assert camera.takeovers == []


async def test_changed_state_is_observed() -> None:
    async with running("axis") as camera, aiohttp.ClientSession() as session:
        persona = camera.persona
        persona.cloud = persona.upnp = persona.ssh = persona.rtsp_anonymous = True
        persona.https_only = persona.ntp = False
        result = await audit(session, target(camera), vendor="axis")
        assert observed(result, AXIS_CHECKS) == truth(camera, AXIS_CHECKS)
        assert result.facts.ntp_enabled is False


async def test_skewed_clock_is_not_synced() -> None:
    async with running("axis") as camera, aiohttp.ClientSession() as session:
        camera.persona.clock_skew_s = 900
        result = await audit(session, target(camera))
        assert result.checks["time_synced"].observed is False
        assert result.checks["time_synced"].observed is camera.persona.truth()["time_synced"]


async def test_configured_factory_password_is_default_without_guessing() -> None:
    async with running("axis") as camera, aiohttp.ClientSession() as session:
        camera.persona.users["root"] = "pass"
        result = await audit(session, target(camera))
        assert result.facts.default_password is True
        assert result.facts.default_password is camera.persona.truth()["default_password"]
        assert outcomes(camera) == ["ok"]


async def test_camera_in_setup_state_is_reported_never_set_up() -> None:
    async with running("axis") as camera, aiohttp.ClientSession() as session:
        camera.persona.users.clear()
        result = await audit(session, target(camera, user="root", password="anything"))
        assert result.facts.default_password is True
        assert result.device.model == camera.persona.model
        assert camera.logins == []
        assert camera.takeovers == []


async def test_unreadable_parameters_are_unknown_never_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Firmware that answers every param.cgi group with an error line.
    monkeypatch.setattr(axis_persona, "parameters", lambda camera: {})
    async with running("axis") as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera), probes=False)  # adapter only
        assert result.device.model == camera.persona.model  # from basicdeviceinfo
        for check_id in ("cloud_access", "upnp", "ssh", "https_only", "rtsp_anonymous"):
            assert result.checks[check_id].status is Status.UNKNOWN
