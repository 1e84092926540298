"""audit(vendor="auto") against the Hanwha, Foscam and generic ONVIF personas over loopback."""

from __future__ import annotations

import socket
from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from camsim.personas import foscam, hanwha_smartcam
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.models import Target

from ..posture.helpers import quiet_services
from .helpers import assert_identifies, observed, outcomes, running, target

# Checks each adapter answers by itself (probes added elsewhere may answer more).
ADAPTER_CHECKS = {
    "onvif_generic": ("onvif", {"onvif_anonymous", "https_only", "time_synced"}),
    "hanwha_smartcam": (
        "hanwha",
        {"default_password", "cloud_access", "upnp", "https_only", "time_synced"},
    ),
    "foscam": ("foscam", {"default_password", "cloud_access", "upnp", "https_only", "time_synced"}),
}


@pytest.mark.parametrize("persona", sorted(ADAPTER_CHECKS))
async def test_auto_audit_facts_equal_ground_truth(persona: str) -> None:
    vendor, expected_checks = ADAPTER_CHECKS[persona]
    async with running(persona) as camera, aiohttp.ClientSession() as session:
        # The probes go to the ports the persona serves (closed ones for the rest).
        ports = {**quiet_services(), **camera.ports}
        result = await audit(session, replace(target(camera), ports=ports))
    truth = camera.persona.truth()
    seen = {check: value for check, value in observed(result.facts).items() if check in truth}
    assert expected_checks <= seen.keys()
    assert seen == {check: truth[check] for check in seen}
    assert_identifies(result, camera, vendor, mac=False)
    assert result.device.mac in ("", camera.persona.mac)
    assert camera.takeovers == []
    assert outcomes(camera).count("failed") == 0
    assert result.login_failures == 0


@pytest.mark.parametrize("persona", ["hanwha_smartcam", "foscam"])
async def test_changed_factory_password_is_not_default(persona: str) -> None:
    async with running(persona) as camera, aiohttp.ClientSession() as session:
        camera.persona.users["admin"] = "Changed-Pa55!"
        result = await audit(session, target(camera))
    assert result.facts.default_password is False
    assert camera.persona.truth()["default_password"] is False
    assert all("Changed-Pa55!" not in text for text in result.facts.evidence.values())


@pytest.mark.parametrize("persona", sorted(ADAPTER_CHECKS))
async def test_evidence_carries_no_secret(persona: str) -> None:
    async with running(persona) as camera, aiohttp.ClientSession() as session:
        camera.persona.users["admin"] = "Evid3nce-Secret"
        result = await audit(session, target(camera))
    assert result.facts.evidence
    for text in result.facts.evidence.values():
        assert "Evid3nce-Secret" not in text
        assert "pwd=" not in text


async def test_cloud_and_upnp_off_are_read_from_sunapi() -> None:
    async with running("hanwha_smartcam") as camera, aiohttp.ClientSession() as session:
        camera.persona.cloud = False
        camera.persona.upnp = False
        camera.persona.ntp = False
        result = await audit(session, target(camera))
    seen = observed(result.facts)
    assert (seen["cloud_access"], seen["upnp"], seen["time_synced"]) == (False, False, False)


@pytest.mark.parametrize("vendor", ["hanwha", "foscam", "onvif"])
async def test_unreachable_camera_error_carries_no_secret(vendor: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    secret = "Unre4chable-Secret"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(CannotConnect) as raised:
            await audit(session, Target("127.0.0.1", port, "admin", secret), vendor=vendor)
    assert secret not in str(raised.value)
    assert "pwd=" not in str(raised.value)


@pytest.mark.parametrize(
    ("persona", "table", "key"),
    [
        ("hanwha_smartcam", hanwha_smartcam._VIEWS, ("network", "cloud")),
        ("foscam", foscam._COMMANDS, "getP2PEnable"),
    ],
)
async def test_model_without_cloud_api_leaves_cloud_unknown(
    persona: str, table: dict[Any, Any], key: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An older model that lacks the cloud view answers NG / -3: unknown, never pass.
    monkeypatch.delitem(table, key)
    async with running(persona) as camera, aiohttp.ClientSession() as session:
        result = await audit(session, target(camera))
    assert result.facts.cloud_access is None
    assert result.checks["cloud_access"].status == "unknown"
    assert result.facts.upnp is camera.persona.upnp
