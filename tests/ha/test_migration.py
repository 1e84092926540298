"""Entries from before the four issue-14 checks get them as required, like new entries."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture import CHECKS_ADDED_IN, async_migrate_entry
from custom_components.camera_posture.const import CONF_REQUIRED_CHECKS, DOMAIN
from custom_components.camera_posture.posture.checks import CHECKS

from .helpers import entry_data, setup_entry

OLD = [c for c in CHECKS if c not in CHECKS_ADDED_IN[2]]


async def test_stored_required_checks_gain_the_new_ones(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    # The user had made time_synced optional before the update.
    stored = [c for c in OLD if c != "time_synced"]
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=onvif_camera.persona.serial.lower(),
        data=entry_data(onvif_camera),
        options={CONF_REQUIRED_CHECKS: stored},
        minor_version=1,
    )
    await setup_entry(hass, entry)
    assert entry.minor_version == 2
    assert entry.options[CONF_REQUIRED_CHECKS] == [*stored, *CHECKS_ADDED_IN[2]]
    assert "time_synced" not in entry.options[CONF_REQUIRED_CHECKS]


async def test_entries_without_stored_checks_and_newer_versions(hass: HomeAssistant) -> None:
    untouched = MockConfigEntry(domain=DOMAIN, data={}, options={}, minor_version=1)
    untouched.add_to_hass(hass)
    assert await async_migrate_entry(hass, untouched)
    assert untouched.minor_version == 2
    assert CONF_REQUIRED_CHECKS not in untouched.options  # the default already names all
    newer = MockConfigEntry(domain=DOMAIN, data={}, version=2)
    newer.add_to_hass(hass)
    assert not await async_migrate_entry(hass, newer)
