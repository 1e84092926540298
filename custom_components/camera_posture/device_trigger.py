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
    CONF_ENTITY_ID,
    CONF_EVENT_DATA,
    CONF_PLATFORM,
    CONF_TYPE,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN, EVENT_DRIFT
from .posture.checks import CHECKS
from .posture.policy import DriftKind

CONF_CHECK_ID = "check_id"
CONF_SUBTYPE = "subtype"
TRIGGER_DRIFTED = "drifted"
TRIGGER_FAILING = "check_failing"
TRIGGER_PASSING = "check_passing"
TRIGGER_TYPES = [TRIGGER_DRIFTED, TRIGGER_FAILING, TRIGGER_PASSING]


def _check_of(config: ConfigType) -> str | None:
    """The check a trigger is about: its subtype (or `check_id`, as older automations saved it)."""
    return config.get(CONF_SUBTYPE) or config.get(CONF_CHECK_ID)


def _check_id_when_needed(config: ConfigType) -> ConfigType:
    """Failing/passing triggers are about one check: they must name it."""
    if config[CONF_TYPE] != TRIGGER_DRIFTED and _check_of(config) is None:
        raise probatio.Invalid(f"{config[CONF_TYPE]} needs a {CONF_SUBTYPE}")
    return config


TRIGGER_SCHEMA = probatio.All(
    DEVICE_TRIGGER_BASE_SCHEMA.extend(
        {
            probatio.Required(CONF_TYPE): probatio.In(TRIGGER_TYPES),
            probatio.Optional(CONF_SUBTYPE): probatio.In(list(CHECKS)),
            probatio.Optional(CONF_CHECK_ID): probatio.In(list(CHECKS)),
            # Only names the trigger in the UI (the entity's name says camera and check).
            probatio.Optional(CONF_ENTITY_ID): cv.string,
        }
    ),
    _check_id_when_needed,
)


def _entity_ids(hass: HomeAssistant, device_id: str) -> dict[tuple[str, str], str]:
    """(platform, key) -> entity id of the camera's entities."""
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        return {}
    prefixes = [f"{ident}_" for domain, ident in device.identifiers if domain == DOMAIN]
    return {
        (entry.domain, entry.unique_id.removeprefix(prefix)): entry.entity_id
        for entry in er.async_entries_for_device(er.async_get(hass), device_id)
        for prefix in prefixes
        if entry.platform == DOMAIN and entry.unique_id.startswith(prefix)
    }


async def async_get_triggers(hass: HomeAssistant, device_id: str) -> list[dict[str, Any]]:
    """One drift trigger, plus a failing and a passing trigger per check.

    Each names an entity of the camera, so the UI labels it with that entity's name,
    which says both the camera and the check ("Garden Telnet started failing"); the
    check itself is the trigger's subtype. A trigger whose entity was deleted is left
    out rather than shown as "<unknown entity>".
    """
    base = {CONF_PLATFORM: "device", CONF_DOMAIN: DOMAIN, CONF_DEVICE_ID: device_id}
    entities = _entity_ids(hass, device_id)
    triggers = []
    if drift_entity := entities.get(("event", "policy_drift")):
        triggers.append({**base, CONF_TYPE: TRIGGER_DRIFTED, CONF_ENTITY_ID: drift_entity})
    for check_id in CHECKS:
        if (sensor := entities.get(("binary_sensor", check_id))) is None:
            continue
        for kind in (TRIGGER_FAILING, TRIGGER_PASSING):
            triggers.append(
                {**base, CONF_TYPE: kind, CONF_SUBTYPE: check_id, CONF_ENTITY_ID: sensor}
            )
    return triggers


async def async_get_trigger_capabilities(
    hass: HomeAssistant, config: ConfigType
) -> dict[str, probatio.Schema]:
    """The drift trigger may be narrowed to one check, picked by its translated name."""
    if config[CONF_TYPE] != TRIGGER_DRIFTED:
        return {}  # the check is the trigger's subtype
    strings = await async_get_translations(hass, hass.config.language, "selector", {DOMAIN})
    prefix = f"component.{DOMAIN}.selector.check_id.options."
    names = {check_id: strings.get(prefix + check_id, check_id) for check_id in CHECKS}
    return {"extra_fields": probatio.Schema({probatio.Optional(CONF_CHECK_ID): probatio.In(names)})}


def _event_data(config: ConfigType) -> dict[str, Any]:
    data: dict[str, Any] = {"device_id": config[CONF_DEVICE_ID]}
    if config[CONF_TYPE] == TRIGGER_FAILING:
        data["kind"] = str(DriftKind.STARTED_FAILING)
    elif config[CONF_TYPE] == TRIGGER_PASSING:
        data |= {"kind": str(DriftKind.RESOLVED), "status": "pass"}
    if (check_id := _check_of(config)) is not None:
        data[CONF_CHECK_ID] = check_id
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
