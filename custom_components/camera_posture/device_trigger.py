"""Device triggers: drifted from policy, a check started failing, a check passes again.

Core no longer accepts new device triggers, but custom integrations may ship them;
each maps onto the `camera_posture_drift` bus event.
"""

from __future__ import annotations

from typing import Any

import probatio
from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.components.homeassistant.triggers import event as event_trigger
from homeassistant.components.homeassistant.triggers.event import CONF_EVENT_TYPE
from homeassistant.const import (
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_EVENT_DATA,
    CONF_PLATFORM,
    CONF_TYPE,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN, EVENT_DRIFT
from .posture.checks import CHECKS
from .posture.policy import DriftKind

CONF_CHECK_ID = "check_id"
TRIGGER_DRIFTED = "drifted"
TRIGGER_FAILING = "check_failing"
TRIGGER_PASSING = "check_passing"
TRIGGER_TYPES = [TRIGGER_DRIFTED, TRIGGER_FAILING, TRIGGER_PASSING]
CHECK_FIELD = {probatio.Required(CONF_CHECK_ID): probatio.In(list(CHECKS))}

TRIGGER_SCHEMA = DEVICE_TRIGGER_BASE_SCHEMA.extend(
    {
        probatio.Required(CONF_TYPE): probatio.In(
            [TRIGGER_DRIFTED, TRIGGER_FAILING, TRIGGER_PASSING]
        ),
        probatio.Optional(CONF_CHECK_ID): probatio.In(list(CHECKS)),
    }
)


async def async_get_triggers(hass: HomeAssistant, device_id: str) -> list[dict[str, Any]]:
    """One drift trigger, plus failing/passing triggers per check."""
    base = {CONF_PLATFORM: "device", CONF_DOMAIN: DOMAIN, CONF_DEVICE_ID: device_id}
    triggers = [{**base, CONF_TYPE: TRIGGER_DRIFTED}]
    for check_id in CHECKS:
        triggers.append({**base, CONF_TYPE: TRIGGER_FAILING, CONF_CHECK_ID: check_id})
        triggers.append({**base, CONF_TYPE: TRIGGER_PASSING, CONF_CHECK_ID: check_id})
    return triggers


async def async_get_trigger_capabilities(
    hass: HomeAssistant, config: ConfigType
) -> dict[str, probatio.Schema]:
    """Let the user pick the check of a failing/passing trigger."""
    if config[CONF_TYPE] == TRIGGER_DRIFTED:
        return {}
    return {
        "extra_fields": probatio.Schema(
            {probatio.Required(CONF_CHECK_ID): probatio.In(list(CHECKS))}
        )
    }


def _event_data(config: ConfigType) -> dict[str, Any]:
    data: dict[str, Any] = {"device_id": config[CONF_DEVICE_ID]}
    if config[CONF_TYPE] == TRIGGER_FAILING:
        data["kind"] = str(DriftKind.STARTED_FAILING)
    elif config[CONF_TYPE] == TRIGGER_PASSING:
        data |= {"kind": str(DriftKind.RESOLVED), "status": "pass"}
    if config[CONF_TYPE] != TRIGGER_DRIFTED:
        data[CONF_CHECK_ID] = config[CONF_CHECK_ID]
    return data


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Listen for the matching drift events of this camera."""
    if config[CONF_TYPE] == TRIGGER_DRIFTED:
        # Any drift away from the policy (not its resolution): one listener per kind.
        removers = [
            await _attach(hass, config, {"kind": str(kind)}, action, trigger_info)
            for kind in (DriftKind.STARTED_FAILING, DriftKind.VALUE_CHANGED)
        ]

        def remove_all() -> None:
            for remove in removers:
                remove()

        return remove_all
    return await _attach(hass, config, {}, action, trigger_info)


async def _attach(
    hass: HomeAssistant,
    config: ConfigType,
    extra: dict[str, Any],
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    event_config = event_trigger.TRIGGER_SCHEMA(
        {
            CONF_PLATFORM: "event",
            CONF_EVENT_TYPE: EVENT_DRIFT,
            CONF_EVENT_DATA: _event_data(config) | extra,
        }
    )
    return await event_trigger.async_attach_trigger(
        hass, event_config, action, trigger_info, platform_type="device"
    )
