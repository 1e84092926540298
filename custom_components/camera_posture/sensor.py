"""Sensors summarising a camera's audit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import CameraPostureConfigEntry, CameraPostureCoordinator
from .entity import CameraPostureEntity, CameraPostureLinkEntity
from .posture.exposure import Exposure, internet_exposure
from .posture.models import AuditResult, Status

# The coordinator serialises audits; entities only read its data.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class CameraPostureSensorDescription(SensorEntityDescription):
    """A sensor whose value comes from an audit result."""

    value_fn: Callable[[AuditResult], datetime | float | int | str | None]
    attrs_fn: Callable[[CameraPostureCoordinator], dict[str, Any] | None] = lambda _: None


def _failing(result: AuditResult) -> int:
    return sum(1 for check in result.checks.values() if check.status is Status.FAIL)


def _vulnerabilities(result: AuditResult) -> int | None:
    advisories = result.facts.advisories
    return None if advisories is None else len(advisories)


def _accepted(coordinator: CameraPostureCoordinator) -> dict[str, Any]:
    # Failing checks whose current value the user accepted as an exception.
    checks = coordinator.data.checks
    return {"accepted": [check_id for check_id in checks if coordinator.is_accepted(check_id)]}


def _known_exploited(coordinator: CameraPostureCoordinator) -> dict[str, Any] | None:
    # The subset in CISA's Known Exploited Vulnerabilities list: the ones to act on first.
    advisories = coordinator.data.facts.advisories
    if advisories is None:
        return None
    return {"known_exploited": sorted(a.cve for a in advisories if a.kev)}


SENSORS: tuple[CameraPostureSensorDescription, ...] = (
    CameraPostureSensorDescription(
        key="score",
        translation_key="score",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda result: result.score,
    ),
    CameraPostureSensorDescription(
        key="failing_checks",
        translation_key="failing_checks",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_failing,
        attrs_fn=_accepted,
    ),
    CameraPostureSensorDescription(
        key="vulnerabilities",
        translation_key="vulnerabilities",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_vulnerabilities,
        attrs_fn=_known_exploited,
    ),
    CameraPostureSensorDescription(
        key="last_audit",
        translation_key="last_audit",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda result: result.finished_at,
    ),
)


# Where the camera is audited (the device page also links its web interface).
ADDRESS = SensorEntityDescription(
    key="address",
    translation_key="address",
    entity_category=EntityCategory.DIAGNOSTIC,
)


# Whether the internet can reach the camera, joined from its router and cloud facts.
INTERNET_EXPOSURE = SensorEntityDescription(
    key="internet_exposure",
    translation_key="internet_exposure",
    device_class=SensorDeviceClass.ENUM,
    options=[str(state) for state in Exposure],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraPostureConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of one camera."""
    coordinator = entry.runtime_data
    async_add_entities(
        [
            *(CameraPostureSensor(coordinator, desc) for desc in SENSORS),
            AddressSensor(coordinator, ADDRESS),
            InternetExposureSensor(coordinator, INTERNET_EXPOSURE),
        ]
    )


class CameraPostureSensor(CameraPostureEntity, SensorEntity):
    """A sensor fed by the camera's latest audit."""

    entity_description: CameraPostureSensorDescription

    @property
    @override
    def native_value(self) -> datetime | float | int | str | None:
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        return self.entity_description.attrs_fn(self.coordinator)


class AddressSensor(CameraPostureLinkEntity, SensorEntity):
    """The camera's configured address; known even while the camera does not answer."""

    @property
    @override
    def native_value(self) -> str:
        return self.coordinator.target.host


class InternetExposureSensor(CameraPostureEntity, SensorEntity):
    """None / via vendor cloud / via router port forward; unknown when nothing was read.

    The attributes name each path (a port forward with the camera service behind it,
    or the vendor cloud), never a credential or a P2P UID.
    """

    @property
    @override
    def native_value(self) -> str | None:
        state = internet_exposure(self.coordinator.data.facts, self.coordinator.target).state
        return None if state is None else str(state)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        exposure = internet_exposure(self.coordinator.data.facts, self.coordinator.target)
        return {
            "paths": list(exposure.paths),
            "camera_upnp": exposure.camera_upnp,
            "unread": list(exposure.unread),
        }
