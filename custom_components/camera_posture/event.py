"""Event entity that fires when a check drifts from the policy (or drift resolves)."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .announce import drift_signal
from .coordinator import CameraPostureConfigEntry
from .entity import CameraPostureEntity
from .posture.policy import DriftKind

# Events are pushed by the coordinator; nothing to poll.
PARALLEL_UPDATES = 0

POLICY_DRIFT = EventEntityDescription(
    key="policy_drift",
    translation_key="policy_drift",
    event_types=[str(kind) for kind in DriftKind],
)

# Payload fields copied onto the event (device_id and camera are the device itself).
_ATTRIBUTES = (
    "check_id",
    "check_name",
    "message",
    "previous_status",
    "status",
    "observed",
    "previous_observed",
    "previous_seen_at",
    "severity",
    "summary",
    "evidence",
    "remediation",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraPostureConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the drift event entity of one camera."""
    async_add_entities([PolicyDriftEvent(entry.runtime_data, POLICY_DRIFT)])


class PolicyDriftEvent(CameraPostureEntity, EventEntity):
    """Fires once per confirmed drift."""

    @override
    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        signal = drift_signal(self.coordinator.config_entry.entry_id)
        self.async_on_remove(async_dispatcher_connect(self.hass, signal, self._on_drift))

    @callback
    def _on_drift(self, payload: dict[str, Any]) -> None:
        self._trigger_event(payload["kind"], {key: payload[key] for key in _ATTRIBUTES})
        self.async_write_ha_state()
