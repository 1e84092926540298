"""Setup and unload of a camera entry against a simulated camera."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import DOMAIN

from .helpers import entry_data


def _entry(camera: SimCamera, **overrides: str) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Test camera",
        unique_id=camera.persona.serial.lower(),
        data=entry_data(camera, **overrides),
    )


async def test_setup_creates_device_and_entities_then_unloads(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    entry = _entry(onvif_camera)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    persona = onvif_camera.persona
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, persona.serial.lower()), entry.entry_id
    )
    assert device is not None
    assert (device.manufacturer, device.model, device.sw_version, device.serial_number) == (
        persona.manufacturer,
        persona.model,
        persona.firmware,
        persona.serial,
    )
    entity_id = entity_registry.async_get_entity_id(
        "sensor", DOMAIN, f"{persona.serial.lower()}_last_audit"
    )
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["device_class"] == "timestamp"
    assert state.state not in ("unknown", "unavailable")

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_unreachable_camera_is_not_ready(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    entry = _entry(onvif_camera)
    await onvif_camera.stop()
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_rejected_credentials_are_not_ready(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    entry = _entry(onvif_camera, password="changed-on-camera")
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert [a.outcome for a in onvif_camera.logins] == ["failed"]
