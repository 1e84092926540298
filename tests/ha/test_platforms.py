"""Entity states of every platform (snapshots), and unknown staying unknown."""

from __future__ import annotations

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from camsim.camera import SimCamera

from .conftest import setup_entry


@pytest.mark.parametrize(
    "platforms",
    [
        [Platform.BINARY_SENSOR],
        [Platform.SENSOR],
        [Platform.UPDATE],
        [Platform.EVENT],
        [Platform.BUTTON],
    ],
)
@pytest.mark.usefixtures("only_platforms")
async def test_platform_snapshot(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every entity's registry entry and state, as the onvif_generic camera shows them."""
    await setup_entry(hass, camera_entry)
    await snapshot_platform(hass, entity_registry, snapshot, camera_entry.entry_id)


def _state(hass: HomeAssistant, entity_registry: er.EntityRegistry, domain: str, key: str) -> str:
    entry = hass.config_entries.async_entries("camera_posture")[0]
    entity_id = entity_registry.async_get_entity_id(
        domain, "camera_posture", f"{entry.unique_id}_{key}"
    )
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


async def test_unknown_checks_stay_unknown(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Facts the ONVIF-only camera cannot give are unknown, never off (passing)."""
    await setup_entry(hass, camera_entry)
    # Read from ONVIF today: NTP off and clock 7 minutes fast -> fails.
    assert _state(hass, entity_registry, "binary_sensor", "time_synced") == STATE_ON
    for check_id in ("default_password", "cloud_access", "firmware_up_to_date", "upnp"):
        assert _state(hass, entity_registry, "binary_sensor", check_id) == STATE_UNKNOWN
    assert _state(hass, entity_registry, "sensor", "vulnerabilities") == STATE_UNKNOWN
    assert _state(hass, entity_registry, "update", "firmware") == STATE_UNKNOWN
    assert _state(hass, entity_registry, "sensor", "failing_checks") == "1"
    assert _state(hass, entity_registry, "sensor", "score") == "0"


async def test_passing_check_is_off(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    onvif_camera.persona.ntp = True
    onvif_camera.persona.clock_skew_s = 0
    await setup_entry(hass, camera_entry)
    assert _state(hass, entity_registry, "binary_sensor", "time_synced") == STATE_OFF
    assert _state(hass, entity_registry, "sensor", "score") == "100"
