"""Coordinator behaviour: credential failures, unavailability, persisted guard state."""

from __future__ import annotations

import logging

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import CONF_MAC, DOMAIN
from custom_components.camera_posture.posture.models import Advisory

from .helpers import Rig, entry_data, reauth_flows, setup_entry


async def test_reauth_only_after_three_rejections(hass: HomeAssistant, rig: Rig) -> None:
    await rig.setup()
    score = rig.entity_id("sensor", "score")
    rig.camera.persona.users["admin"] = "changed-on-the-camera"
    for _ in range(2):
        await rig.audits()
        assert hass.states.get(score).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
        assert reauth_flows(hass) == []
    await rig.audits()
    assert len(reauth_flows(hass)) == 1
    # One login per audit, never retried within an audit.
    assert [a.outcome for a in rig.camera.logins].count("failed") == 3


async def test_failure_counter_resets_after_success(hass: HomeAssistant, rig: Rig) -> None:
    await rig.setup()
    users = rig.camera.persona.users
    password = users["admin"]
    users["admin"] = "changed"
    await rig.audits(2)
    users["admin"] = password
    await rig.audits()
    assert rig.coordinator.auth_failures == 0
    users["admin"] = "changed"
    await rig.audits(2)
    assert reauth_flows(hass) == []


async def test_unreachable_is_logged_once_and_recovery_once(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    await rig.setup()
    port = rig.camera.http_port
    await rig.camera.stop()
    with caplog.at_level(logging.INFO, logger="custom_components.camera_posture"):
        await rig.audits(3)
        assert rig.state("binary_sensor", "time_synced").state == STATE_UNAVAILABLE
        rig.camera.http_port = port
        await rig.camera.start()
        await rig.audits(2)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    recovered = [r for r in caplog.records if "recovered" in r.getMessage()]
    assert len(errors) == 1
    assert len(recovered) == 1
    assert rig.state("binary_sensor", "time_synced").state == "on"


async def test_default_login_guard_survives_restart(rig: Rig) -> None:
    await rig.setup()
    rig.coordinator.guard.record(rig.camera.host, "admin")
    await rig.audits()  # the audit persists the guard
    await rig.reload()
    assert rig.entry.state is ConfigEntryState.LOADED
    assert not rig.coordinator.guard.may_try(rig.camera.host, "admin")


async def test_update_entity_reads_catalog_facts(rig: Rig) -> None:
    """Installed vs latest known firmware; advisory link as release URL."""
    await rig.setup()
    coordinator = rig.coordinator
    facts = coordinator.data.facts
    facts.firmware_up_to_date = True
    coordinator.async_update_listeners()
    state = rig.state("update", "firmware")
    assert state.state == "off"
    assert state.attributes["latest_version"] == rig.camera.persona.firmware
    facts.firmware_up_to_date = False
    facts.latest_firmware = "V2.5.0 build 240101"
    facts.advisories = (
        Advisory("CVE-2021-36260", True, "Command injection", "https://example.invalid/a"),
    )
    coordinator.async_update_listeners()
    state = rig.state("update", "firmware")
    assert state.state == "on"
    assert state.attributes["latest_version"] == "V2.5.0 build 240101"
    assert state.attributes["release_url"] == "https://example.invalid/a"
    assert "CVE-2021-36260" in state.attributes["release_summary"]
    facts.advisories = (Advisory("CVE-1", False, "x", "vendor bulletin"),)
    coordinator.async_update_listeners()
    assert rig.state("update", "firmware").attributes["release_url"] is None


async def test_camera_without_serial_is_known_by_mac(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The MAC is remembered (for DHCP address updates) and becomes a device connection."""
    onvif_camera.persona.serial = ""
    mac = onvif_camera.persona.mac
    entry = MockConfigEntry(domain=DOMAIN, unique_id=mac, data=entry_data(onvif_camera))
    await setup_entry(hass, entry)
    assert entry.data[CONF_MAC] == mac
    device = device_registry.async_get_device_by_identifier((DOMAIN, mac), entry.entry_id)
    assert device is not None
    assert (dr.CONNECTION_NETWORK_MAC, mac) in device.connections


async def test_rejected_at_every_setup_leads_to_reauth(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    """Setup retries count too: the third rejection in a row asks for new credentials."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=onvif_camera.persona.serial.lower(),
        data=entry_data(onvif_camera, password="changed-on-camera"),
    )
    entry.add_to_hass(hass)
    for _ in range(2):
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.SETUP_RETRY
        await hass.config_entries.async_unload(entry.entry_id)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert len(reauth_flows(hass)) == 1
    assert [a.outcome for a in onvif_camera.logins] == ["failed"] * 3
