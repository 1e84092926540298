"""Unreachable is a finding; the device says where the camera is and links its web page."""

from __future__ import annotations

from homeassistant.helpers import device_registry as dr

from custom_components.camera_posture.entity import web_page
from custom_components.camera_posture.posture.models import Facts, Target

from .helpers import Rig


async def test_unreachable_camera_keeps_its_last_findings_visible(rig: Rig) -> None:
    await rig.setup()
    telnet = rig.entity_id("binary_sensor", "telnet")
    state = rig.state("binary_sensor", "reachability")
    assert state.state == "off"
    assert state.attributes["reason"] is None
    assert state.attributes["last_audit"] == "2026-11-27T12:00:00+00:00"
    assert telnet in state.attributes["last_known_failing"]
    assert rig.state("sensor", "address").state == "127.0.0.1"

    await rig.camera.stop()
    await rig.audits()
    assert rig.state("binary_sensor", "telnet").state == "unavailable"
    state = rig.state("binary_sensor", "reachability")
    assert state.state == "on"  # a problem: the camera cannot be audited
    assert state.attributes["reason"] == "cannot_connect"
    # What the last completed audit found, and when: stale, but not forgotten.
    assert state.attributes["last_audit"] == "2026-11-27T12:00:00+00:00"
    assert telnet in state.attributes["last_known_failing"]
    assert rig.state("sensor", "address").state == "127.0.0.1"

    await rig.camera.start()
    await rig.audits()
    state = rig.state("binary_sensor", "reachability")
    assert state.state == "off"
    assert state.attributes["reason"] is None
    assert state.attributes["last_audit"] == "2026-11-27T12:20:00+00:00"


async def test_device_links_the_camera_web_page(
    rig: Rig, device_registry: dr.DeviceRegistry
) -> None:
    await rig.setup()
    device = device_registry.async_get(rig.device_id())
    assert device is not None
    assert device.configuration_url == f"http://127.0.0.1:{rig.camera.http_port}/"


def test_web_page_is_https_when_plain_http_is_refused() -> None:
    assert web_page(Target("192.0.2.7"), Facts()) == "http://192.0.2.7/"
    assert web_page(Target("192.0.2.7", 8080), Facts(https_only=False)) == "http://192.0.2.7:8080/"
    assert web_page(Target("192.0.2.7"), Facts(https_only=True)) == "https://192.0.2.7/"
    assert (
        web_page(Target("fe80::1", ports={"https": 8443}), Facts(https_only=True))
        == "https://[fe80::1]:8443/"
    )
