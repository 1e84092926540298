"""The generic ONVIF adapter: clock skew, anonymous access, time source, defaults."""

from __future__ import annotations

import aiohttp
import pytest

from camsim import onvif as camsim_onvif
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.models import Status

from .helpers import outcomes, running, target


async def test_clock_seven_minutes_fast_is_measured_and_fails_time_sync() -> None:
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        camera.persona.ntp = True  # NTP on, yet the clock is off: still not synced
        result = await audit(session, target(camera))
    assert result.clock_offset_s == pytest.approx(camera.persona.clock_skew_s, abs=2)
    assert result.facts.ntp_enabled is True
    assert result.checks["time_synced"].observed is False
    # The token's Created time was shifted by the offset, so the login was accepted.
    assert [attempt.outcome for attempt in camera.logins] == ["ok"] * len(camera.logins)
    assert camera.logins


async def test_anonymous_onvif_is_found_without_a_login() -> None:
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        camera.persona.onvif_anonymous = True
        result = await audit(session, target(camera))
    assert result.facts.onvif_anonymous is True
    assert result.checks["onvif_anonymous"].observed == camera.persona.truth()["onvif_anonymous"]
    assert outcomes(camera).count("failed") == 0


async def test_protected_onvif_refuses_the_anonymous_call_without_counting_it() -> None:
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera))
    assert result.facts.onvif_anonymous is False
    assert outcomes(camera).count("failed") == 0


async def test_configured_manufacturer_default_is_default_password() -> None:
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        camera.persona.manufacturer = "Dahua Technology"
        camera.persona.users = {"admin": "admin"}
        result = await audit(session, target(camera))
    assert result.facts.default_password is True
    assert camera.persona.truth()["default_password"] is True


async def test_unknown_manufacturer_leaves_default_password_unknown() -> None:
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera))
    assert result.facts.default_password is None
    assert result.checks["default_password"].status == "unknown"


async def test_https_only_is_read_from_network_protocols() -> None:
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera))
    assert result.facts.https_only is False
    assert "GetNetworkProtocols" in result.facts.evidence["https_only"]


@pytest.mark.parametrize("persona", ["hanwha_smartcam", "foscam"])
async def test_generic_adapter_on_vendor_cameras_agrees_with_truth(persona: str) -> None:
    async with running(persona) as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera), vendor="onvif")
    truth = camera.persona.truth()
    assert result.facts.vendor == "onvif"
    assert result.device.model == camera.persona.model
    # Factory credentials recognised from the manufacturer name alone, without a guess.
    assert result.facts.default_password is truth["default_password"] is True
    assert result.facts.onvif_anonymous is truth["onvif_anonymous"]
    assert outcomes(camera).count("failed") == 0


async def test_unnamed_clock_mode_leaves_ntp_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    # A camera whose DateTimeType is neither NTP nor Manual: how it keeps time is unknown.
    clock = camsim_onvif.HANDLERS["GetSystemDateAndTime"]
    monkeypatch.setitem(
        camsim_onvif.HANDLERS,
        "GetSystemDateAndTime",
        lambda camera: clock(camera).replace(">NTP<", ">Automatic<"),
    )
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        camera.persona.ntp = True
        camera.persona.clock_skew_s = 0.0  # a right clock: only the time source is open
        result = await audit(session, target(camera))
    assert result.facts.ntp_enabled is None
    assert "ntp_enabled" not in result.facts.evidence
    assert result.clock_offset_s == pytest.approx(0.0, abs=2)
    assert result.checks["time_synced"].status is Status.UNKNOWN


async def test_unreadable_clock_leaves_time_unknown_and_identity_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A device service that answers identity but not the clock (as a capture holding no
    # GetSystemDateAndTime answer replays): the audit goes on, the time facts stay unknown.
    monkeypatch.setitem(camsim_onvif.HANDLERS, "GetSystemDateAndTime", lambda camera: "")
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        camera.persona.clock_skew_s = 0.0  # our clock in the token is then the camera's
        result = await audit(session, target(camera), vendor="onvif")
    assert result.device.model == camera.persona.model
    assert result.device.firmware == camera.persona.firmware
    assert result.facts.clock_offset_s is None
    assert result.facts.ntp_enabled is None
    check = result.checks["time_synced"]
    assert check.status is Status.UNKNOWN
    assert "ONVIF GetSystemDateAndTime: no GetSystemDateAndTimeResponse" in check.evidence


async def test_unreadable_clock_on_a_skewed_camera_costs_one_rejected_login_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without the camera's clock the token carries ours; seven minutes of skew is beyond
    # the camera's tolerance, so it refuses the one login: the audit stops there (no retry).
    monkeypatch.setitem(camsim_onvif.HANDLERS, "GetSystemDateAndTime", lambda camera: "")
    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        assert camera.persona.clock_skew_s > camera.persona.wsse_tolerance_s
        with pytest.raises(InvalidAuth):
            await audit(session, target(camera), vendor="onvif")
    assert [attempt.outcome for attempt in camera.logins] == ["failed"]
