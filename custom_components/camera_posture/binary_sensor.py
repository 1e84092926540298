"""One problem sensor per posture check: on = the camera fails it under the policy."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import CameraPostureConfigEntry
from .entity import CameraPostureEntity
from .posture.checks import CHECKS
from .posture.models import Status

# The coordinator serialises audits; entities only read its data.
PARALLEL_UPDATES = 0

# Key = check id = translation key. Names read as a topic ("Telnet", "Default
# password"), so the problem device class renders "Telnet: Problem" / "Telnet: OK".
CHECK_SENSORS: tuple[BinarySensorEntityDescription, ...] = tuple(
    BinarySensorEntityDescription(
        key=check_id,
        translation_key=check_id,
        device_class=BinarySensorDeviceClass.PROBLEM,
    )
    for check_id in CHECKS
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraPostureConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one problem sensor per check."""
    coordinator = entry.runtime_data
    async_add_entities(CheckProblemSensor(coordinator, desc) for desc in CHECK_SENSORS)


class CheckProblemSensor(CameraPostureEntity, BinarySensorEntity):
    """Whether the camera fails one check. Unknown (None) unless the check was judged."""

    @property
    @override
    def is_on(self) -> bool | None:
        status = self.coordinator.data.checks[self.entity_description.key].status
        if status is Status.FAIL:
            return True
        if status is Status.PASS:
            return False
        return None  # unknown or not required: never shown as passing

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        check_id = self.entity_description.key
        check = self.coordinator.data.checks[check_id]
        # Engine values are secret-free by contract (no credentials in facts/evidence).
        return {
            "status": str(check.status),
            # Still on (the camera does fail it), but the user accepted this exact value
            # as an exception; revocable in the options. accepted_values lists them all.
            "accepted": self.coordinator.is_accepted(check_id),
            "accepted_values": self.coordinator.tracker.baseline(check_id),
            "observed": check.observed,
            "severity": str(check.severity),
            "summary": check.summary,
            "remediation": check.remediation,
            "evidence": check.evidence,
        }
