"""Actions: audit a camera now, accept a check's current value as its baseline."""

from __future__ import annotations

import probatio
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .coordinator import CameraPostureCoordinator
from .posture.checks import CHECKS
from .posture.models import Severity

ATTR_CHECK_ID = "check_id"
ATTR_CONFIRM = "confirm"
SERVICE_AUDIT = "audit"
SERVICE_ACCEPT_BASELINE = "accept_baseline"

AUDIT_SCHEMA = probatio.Schema({probatio.Required(ATTR_DEVICE_ID): cv.ensure_list})
ACCEPT_SCHEMA = probatio.Schema(
    {
        probatio.Required(ATTR_DEVICE_ID): str,
        probatio.Required(ATTR_CHECK_ID): probatio.In(list(CHECKS)),
        probatio.Optional(ATTR_CONFIRM, default=False): cv.boolean,
    }
)


def _coordinator(hass: HomeAssistant, device_id: str) -> CameraPostureCoordinator:
    device = dr.async_get(hass).async_get(device_id)
    if device is not None and device.config_entry_id is not None:
        entry = hass.config_entries.async_get_entry(device.config_entry_id)
        if entry is not None and entry.domain == DOMAIN:
            if entry.state is not ConfigEntryState.LOADED:
                raise ServiceValidationError(
                    translation_domain=DOMAIN, translation_key="camera_not_loaded"
                )
            coordinator: CameraPostureCoordinator = entry.runtime_data
            return coordinator
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_device",
        translation_placeholders={"device_id": device_id},
    )


async def async_audit_now(coordinator: CameraPostureCoordinator) -> None:
    """Audit the camera now; raise a translated error when the audit could not run.

    The coordinator keeps the failure for its entities (they go unavailable, a lock
    raises its repair, reauth starts); the user who asked for the audit is told why it
    failed instead of seeing success.
    """
    await coordinator.async_refresh()
    if coordinator.last_update_success:
        return
    err = coordinator.last_exception
    if isinstance(err, HomeAssistantError) and err.translation_domain == DOMAIN:
        # The coordinator's own message (unreachable, locked, rejected credentials...).
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=err.translation_key,
            translation_placeholders=err.translation_placeholders,
        ) from err
    raise HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="audit_failed",
        translation_placeholders={"camera": coordinator.config_entry.title},
    ) from err


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions."""

    async def audit_now(call: ServiceCall) -> None:
        coordinators = [_coordinator(hass, d) for d in call.data[ATTR_DEVICE_ID]]
        # Every camera is audited even when one fails; the first failure is raised.
        failures: list[HomeAssistantError] = []
        for coordinator in coordinators:
            try:
                await async_audit_now(coordinator)
            except HomeAssistantError as err:
                failures.append(err)
        if failures:
            raise failures[0]

    async def accept_baseline(call: ServiceCall) -> None:
        coordinator = _coordinator(hass, call.data[ATTR_DEVICE_ID])
        check_id = call.data[ATTR_CHECK_ID]
        severity = coordinator.data.checks[check_id].severity
        # The action's equivalent of the repair's confirmation step.
        if severity in (Severity.HIGH, Severity.CRITICAL) and not call.data[ATTR_CONFIRM]:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="accept_needs_confirm",
                translation_placeholders={"check": check_id, "severity": str(severity)},
            )
        await coordinator.async_accept(check_id)

    hass.services.async_register(DOMAIN, SERVICE_AUDIT, audit_now, schema=AUDIT_SCHEMA)
    hass.services.async_register(
        DOMAIN, SERVICE_ACCEPT_BASELINE, accept_baseline, schema=ACCEPT_SCHEMA
    )
