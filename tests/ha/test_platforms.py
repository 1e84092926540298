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
from custom_components.camera_posture.posture.models import Status

from .helpers import entity_id_for, reload_entry, setup_entry


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
    state = hass.states.get(entity_id_for(entity_registry, entry, domain, key))
    assert state is not None
    return state.state


async def test_unknown_checks_stay_unknown(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Every check the audit could not judge is unknown, never off (passing)."""
    await setup_entry(hass, camera_entry)
    result = camera_entry.runtime_data.data
    unknown = [c for c, r in result.checks.items() if r.status is Status.UNKNOWN]
    assert unknown  # the ONVIF-only camera cannot answer everything
    for check_id in unknown:
        assert _state(hass, entity_registry, "binary_sensor", check_id) == STATE_UNKNOWN
    # Read over ONVIF: NTP off and the clock 7 minutes fast -> fails.
    assert _state(hass, entity_registry, "binary_sensor", "time_synced") == STATE_ON
    failing = sum(1 for r in result.checks.values() if r.status is Status.FAIL)
    assert _state(hass, entity_registry, "sensor", "failing_checks") == str(failing)
    if result.facts.advisories is None:
        assert _state(hass, entity_registry, "sensor", "vulnerabilities") == STATE_UNKNOWN
    if result.facts.latest_firmware is None and result.facts.firmware_up_to_date is None:
        assert _state(hass, entity_registry, "update", "firmware") == STATE_UNKNOWN


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
    score = camera_entry.runtime_data.data.score
    assert score is not None
    assert _state(hass, entity_registry, "sensor", "score") == str(score)


async def test_score_is_unknown_when_nothing_was_judged(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """With every judged check left out of the policy there is no score, not 100."""
    await setup_entry(hass, camera_entry)
    coordinator = camera_entry.runtime_data
    judged = [c for c, r in coordinator.data.checks.items() if r.status is not Status.UNKNOWN]
    hass.config_entries.async_update_entry(
        camera_entry,
        options={
            **camera_entry.options,
            "required_checks": [c for c in coordinator.data.checks if c not in judged],
        },
    )
    await reload_entry(hass, camera_entry)
    assert _state(hass, entity_registry, "sensor", "score") == STATE_UNKNOWN
    assert _state(hass, entity_registry, "sensor", "failing_checks") == "0"
