"""Unreachable is a finding; the device says where the camera is and links its web page."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.entity import web_page
from custom_components.camera_posture.posture.models import Facts, Target

from .helpers import audit_cycle, device_id_for, entity_id_for, setup_entry


async def test_unreachable_camera_keeps_its_last_findings_visible(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    await setup_entry(hass, camera_entry)
    reachability = entity_id_for(entity_registry, camera_entry, "binary_sensor", "reachability")
    telnet = entity_id_for(entity_registry, camera_entry, "binary_sensor", "telnet")
    address = entity_id_for(entity_registry, camera_entry, "sensor", "address")
    state = hass.states.get(reachability)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["reason"] is None
    assert state.attributes["last_audit"] == "2026-11-27T12:00:00+00:00"
    assert telnet in state.attributes["last_known_failing"]
    assert hass.states.get(address).state == "127.0.0.1"  # type: ignore[union-attr]

    await onvif_camera.stop()
    await audit_cycle(hass, frozen)
    assert hass.states.get(telnet).state == "unavailable"  # type: ignore[union-attr]
    state = hass.states.get(reachability)
    assert state is not None
    assert state.state == "on"  # a problem: the camera cannot be audited
    assert state.attributes["reason"] == "cannot_connect"
    # What the last completed audit found, and when: stale, but not forgotten.
    assert state.attributes["last_audit"] == "2026-11-27T12:00:00+00:00"
    assert telnet in state.attributes["last_known_failing"]
    assert hass.states.get(address).state == "127.0.0.1"  # type: ignore[union-attr]

    await onvif_camera.start()
    await audit_cycle(hass, frozen)
    state = hass.states.get(reachability)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["reason"] is None
    assert state.attributes["last_audit"] == "2026-11-27T12:20:00+00:00"


async def test_device_links_the_camera_web_page(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    await setup_entry(hass, camera_entry)
    device = device_registry.async_get(device_id_for(device_registry, camera_entry))
    assert device is not None
    assert device.configuration_url == f"http://127.0.0.1:{onvif_camera.http_port}/"


def test_web_page_is_https_when_plain_http_is_refused() -> None:
    assert web_page(Target("192.0.2.7"), Facts()) == "http://192.0.2.7/"
    assert web_page(Target("192.0.2.7", 8080), Facts(https_only=False)) == "http://192.0.2.7:8080/"
    assert web_page(Target("192.0.2.7"), Facts(https_only=True)) == "https://192.0.2.7/"
    assert (
        web_page(Target("fe80::1", ports={"https": 8443}), Facts(https_only=True))
        == "https://[fe80::1]:8443/"
    )
