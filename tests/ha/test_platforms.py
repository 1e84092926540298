"""Entity states of every platform (snapshots), and unknown staying unknown."""

from __future__ import annotations

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.camera_posture.posture.models import Status

from .helpers import Rig, synced


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
    hass: HomeAssistant, rig: Rig, entity_registry: er.EntityRegistry, snapshot: SnapshotAssertion
) -> None:
    """Every entity's registry entry and state, as the onvif_generic camera shows them."""
    await rig.setup()
    await snapshot_platform(hass, entity_registry, snapshot, rig.entry.entry_id)


async def test_unknown_checks_stay_unknown(rig: Rig) -> None:
    """Every check the audit could not judge is unknown, never off (passing)."""
    await rig.setup()
    result = rig.coordinator.data
    unknown = [c for c, r in result.checks.items() if r.status is Status.UNKNOWN]
    assert unknown  # the ONVIF-only camera cannot answer everything
    for check_id in unknown:
        assert rig.state("binary_sensor", check_id).state == STATE_UNKNOWN
    # Read over ONVIF: NTP off and the clock 7 minutes fast -> fails.
    assert rig.state("binary_sensor", "time_synced").state == STATE_ON
    failing = sum(1 for r in result.checks.values() if r.status is Status.FAIL)
    assert rig.state("sensor", "failing_checks").state == str(failing)
    if result.facts.advisories is None:
        assert rig.state("sensor", "vulnerabilities").state == STATE_UNKNOWN
    if result.facts.latest_firmware is None and result.facts.firmware_up_to_date is None:
        assert rig.state("update", "firmware").state == STATE_UNKNOWN


async def test_passing_check_is_off(rig: Rig) -> None:
    synced(rig.camera, True)
    await rig.setup()
    assert rig.state("binary_sensor", "time_synced").state == STATE_OFF
    score = rig.coordinator.data.score
    assert score is not None
    assert rig.state("sensor", "score").state == str(score)


async def test_score_is_unknown_when_nothing_was_judged(hass: HomeAssistant, rig: Rig) -> None:
    """With every judged check left out of the policy there is no score, not 100."""
    await rig.setup()
    checks = rig.coordinator.data.checks
    judged = [c for c, r in checks.items() if r.status is not Status.UNKNOWN]
    hass.config_entries.async_update_entry(
        rig.entry,
        options={**rig.entry.options, "required_checks": [c for c in checks if c not in judged]},
    )
    await rig.reload()
    assert rig.state("sensor", "score").state == STATE_UNKNOWN
    assert rig.state("sensor", "failing_checks").state == "0"
