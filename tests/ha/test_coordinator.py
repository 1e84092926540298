"""Coordinator behaviour: credential failures, unavailability, persisted guard state."""

from __future__ import annotations

import logging

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import CONF_MAC, DOMAIN
from custom_components.camera_posture.posture.models import Advisory

from .helpers import audit_cycle, entity_id_for, entry_data, reauth_flows, reload_entry, setup_entry


async def test_reauth_only_after_three_rejections(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    await setup_entry(hass, camera_entry)
    score = entity_id_for(entity_registry, camera_entry, "sensor", "score")
    onvif_camera.persona.users["admin"] = "changed-on-the-camera"
    for _ in range(2):
        await audit_cycle(hass, frozen)
        assert hass.states.get(score).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
        assert reauth_flows(hass) == []
    await audit_cycle(hass, frozen)
    assert len(reauth_flows(hass)) == 1
    # One login per audit, never retried within an audit.
    assert [a.outcome for a in onvif_camera.logins].count("failed") == 3


async def test_failure_counter_resets_after_success(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, camera_entry)
    password = onvif_camera.persona.users["admin"]
    onvif_camera.persona.users["admin"] = "changed"
    await audit_cycle(hass, frozen)
    await audit_cycle(hass, frozen)
    onvif_camera.persona.users["admin"] = password
    await audit_cycle(hass, frozen)
    assert camera_entry.runtime_data.auth_failures == 0
    onvif_camera.persona.users["admin"] = "changed"
    await audit_cycle(hass, frozen)
    await audit_cycle(hass, frozen)
    assert reauth_flows(hass) == []


async def test_unreachable_is_logged_once_and_recovery_once(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup_entry(hass, camera_entry)
    port = onvif_camera.http_port
    await onvif_camera.stop()
    with caplog.at_level(logging.INFO, logger="custom_components.camera_posture"):
        for _ in range(3):
            await audit_cycle(hass, frozen)
        failing = entity_id_for(entity_registry, camera_entry, "binary_sensor", "time_synced")
        assert hass.states.get(failing).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
        onvif_camera.http_port = port
        await onvif_camera.start()
        await audit_cycle(hass, frozen)
        await audit_cycle(hass, frozen)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    recovered = [r for r in caplog.records if "recovered" in r.getMessage()]
    assert len(errors) == 1
    assert len(recovered) == 1
    assert hass.states.get(failing).state == "on"  # type: ignore[union-attr]


async def test_default_login_guard_survives_restart(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, camera_entry)
    camera_entry.runtime_data.guard.record(onvif_camera.host, "admin")
    await audit_cycle(hass, frozen)  # the audit persists the guard
    await reload_entry(hass, camera_entry)
    assert camera_entry.state is ConfigEntryState.LOADED
    assert not camera_entry.runtime_data.guard.may_try(onvif_camera.host, "admin")


async def test_update_entity_reads_catalog_facts(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Installed vs latest known firmware; advisory link as release URL."""
    await setup_entry(hass, camera_entry)
    coordinator = camera_entry.runtime_data
    firmware = entity_id_for(entity_registry, camera_entry, "update", "firmware")
    facts = coordinator.data.facts
    facts.firmware_up_to_date = True
    coordinator.async_update_listeners()
    state = hass.states.get(firmware)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["latest_version"] == onvif_camera.persona.firmware
    facts.firmware_up_to_date = False
    facts.latest_firmware = "V2.5.0 build 240101"
    facts.advisories = (
        Advisory("CVE-2021-36260", True, "Command injection", "https://example.invalid/a"),
    )
    coordinator.async_update_listeners()
    state = hass.states.get(firmware)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["latest_version"] == "V2.5.0 build 240101"
    assert state.attributes["release_url"] == "https://example.invalid/a"
    assert "CVE-2021-36260" in state.attributes["release_summary"]
    facts.advisories = (Advisory("CVE-1", False, "x", "vendor bulletin"),)
    coordinator.async_update_listeners()
    assert hass.states.get(firmware).attributes["release_url"] is None  # type: ignore[union-attr]


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
