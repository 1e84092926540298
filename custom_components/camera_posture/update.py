"""Firmware update entity: installed vs latest known release (read-only, never installs)."""

from __future__ import annotations

from typing import override

from homeassistant.components.update import (
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import CameraPostureConfigEntry
from .entity import CameraPostureEntity

# The coordinator serialises audits; entities only read its data.
PARALLEL_UPDATES = 0

FIRMWARE = UpdateEntityDescription(
    key="firmware", translation_key="firmware", device_class=UpdateDeviceClass.FIRMWARE
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraPostureConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the firmware entity of one camera."""
    async_add_entities([FirmwareUpdate(entry.runtime_data, FIRMWARE)])


class FirmwareUpdate(CameraPostureEntity, UpdateEntity):
    """Firmware currency from the advisory catalog. No install: we never write to cameras."""

    @property
    @override
    def installed_version(self) -> str | None:
        return self.coordinator.data.device.firmware or None

    @property
    @override
    def latest_version(self) -> str | None:
        facts = self.coordinator.data.facts
        if facts.latest_firmware:
            return facts.latest_firmware
        # Known to be current without a version string: latest is what runs.
        return self.installed_version if facts.firmware_up_to_date is True else None

    @property
    @override
    def release_summary(self) -> str | None:
        advisories = self.coordinator.data.facts.advisories
        if not advisories:
            return None
        # The frontend caps the summary at 255 characters.
        return f"Fixes known vulnerabilities: {', '.join(a.cve for a in advisories)}"[:255]

    @property
    @override
    def release_url(self) -> str | None:
        for advisory in self.coordinator.data.facts.advisories or ():
            if advisory.source.startswith("https://"):
                return advisory.source
        return None
