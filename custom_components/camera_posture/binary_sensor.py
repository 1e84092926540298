"""One problem sensor per posture check: on = the camera fails it under the policy."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import CameraPostureConfigEntry
from .entity import CameraPostureEntity, CameraPostureLinkEntity
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

# Unreachable is a finding: on while the camera cannot be audited (see the class).
REACHABILITY = BinarySensorEntityDescription(
    key="reachability",
    translation_key="reachability",
    device_class=BinarySensorDeviceClass.PROBLEM,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraPostureConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one problem sensor per check."""
    coordinator = entry.runtime_data
    async_add_entities(
        [
            *(CheckProblemSensor(coordinator, desc) for desc in CHECK_SENSORS),
            ReachabilitySensor(coordinator, REACHABILITY),
        ]
    )


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
            # ETSI EN 303 645 provisions and OWASP IoT Top 10 items the check maps to.
            "standards": list(CHECKS[check_id].standards),
        }


class ReachabilitySensor(CameraPostureLinkEntity, BinarySensorEntity):
    """On while the camera cannot be audited, with what the last completed audit found.

    The check sensors follow Home Assistant's rule and turn unavailable when the camera
    cannot be read; a camera nobody can audit is still a finding, though, and its last
    known failures do not go away because it stopped answering. This sensor stays
    available to say so: why the audit failed, when the camera was last audited, and
    which check sensors failed then (stale findings, for dashboards and automations).
    """

    @property
    @override
    def is_on(self) -> bool:
        return not self.coordinator.last_update_success

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        result = self.coordinator.data
        registry = er.async_get(self.hass)
        prefix = f"{self.coordinator.config_entry.unique_id}_"
        failing = [
            registry.async_get_entity_id("binary_sensor", DOMAIN, prefix + check_id)
            for check_id, check in result.checks.items()
            if check.status is Status.FAIL
        ]
        reason = None
        if not self.coordinator.last_update_success:
            reason = getattr(self.coordinator.last_exception, "translation_key", None)
        return {
            "reason": reason,
            "last_audit": result.finished_at.isoformat(),
            "last_known_failing": [entity_id for entity_id in failing if entity_id],
        }
