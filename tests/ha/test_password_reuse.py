"""password_strength in Home Assistant: reuse is compared across config entries, in memory."""

from __future__ import annotations

from typing import Any

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from camsim.persona import PERSONAS

from .helpers import entity_id_for, setup_entry, sim_entry


async def test_same_password_on_two_cameras_fails_both(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    camera_entry: MockConfigEntry,
    other_camera: SimCamera,
    options: dict[str, Any],
) -> None:
    other_entry = sim_entry(other_camera, "Other camera", options)
    await setup_entry(hass, camera_entry)
    await setup_entry(hass, other_entry)
    password = camera_entry.data["password"]
    assert other_entry.data["password"] == password
    for entry in (camera_entry, other_entry):
        await entry.runtime_data.async_refresh()
        entity_id = entity_id_for(entity_registry, entry, "binary_sensor", "password_strength")
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state == STATE_ON
        assert state.attributes["observed"] == ["reused"]
        assert state.attributes["standards"] == ["ETSI 5.1-1", "ETSI 5.1-2", "OWASP I1"]
        assert "compared with the other configured cameras" in state.attributes["evidence"]
        assert password not in str(state.attributes)


async def test_a_single_camera_has_nothing_to_reuse(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, camera_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, camera_entry)
    entity_id = entity_id_for(entity_registry, camera_entry, "binary_sensor", "password_strength")
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes["observed"] == []


async def test_an_empty_password_is_not_compared(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, options: dict[str, Any]
) -> None:
    camera = SimCamera(PERSONAS["foscam"].persona())  # admin with a blank password
    await camera.start()
    try:
        entry = sim_entry(camera, "Foscam", options)
        await setup_entry(hass, entry)
        entity_id = entity_id_for(entity_registry, entry, "binary_sensor", "password_strength")
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state == STATE_ON
        assert state.attributes["observed"] == ["empty"]
        assert "not compared" in state.attributes["evidence"]
        await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await camera.stop()
