"""Device triggers: listed per camera, and firing from a real drift."""

from __future__ import annotations

from typing import Any

import probatio
import pytest
from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_get_device_automation_capabilities,
    async_get_device_automations,
)

from custom_components.camera_posture import device_trigger
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN
from custom_components.camera_posture.posture.checks import CHECKS

from .helpers import Rig, synced


def _render(hass: HomeAssistant, strings: dict[str, str], trigger: dict[str, Any]) -> str:
    """The label Home Assistant's frontend shows for a device trigger.

    As its `localizeDeviceAutomationTrigger` does: the `trigger_type` text, with
    `{entity_name}` the name of the trigger's entity, or "<unknown entity>" without one.
    """
    entry = er.async_get(hass).async_get(trigger["entity_id"]) if "entity_id" in trigger else None
    state = hass.states.get(entry.entity_id) if entry else None
    template = strings[f"component.{DOMAIN}.device_automation.trigger_type.{trigger['type']}"]
    subtype = trigger.get("subtype", "")
    return template.format(
        entity_name=state.name if state else "<unknown entity>",
        subtype=strings.get(f"component.{DOMAIN}.device_automation.trigger_subtype.{subtype}")
        or subtype,
    )


async def test_trigger_labels_name_camera_and_check_and_are_unique(
    hass: HomeAssistant, rig: Rig
) -> None:
    await rig.setup()
    listed = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, rig.device_id())
    # (The binary sensors' own "started having a problem" triggers are listed too.)
    triggers = [t for t in listed if t["domain"] == DOMAIN]
    strings = await async_get_translations(hass, "en", "device_automation", {DOMAIN})
    labels = [_render(hass, strings, trigger) for trigger in triggers]
    assert len(triggers) == 1 + 2 * len(CHECKS)
    assert len(set(labels)) == len(labels)
    assert not [label for label in labels if "unknown" in label or "{" in label]
    assert all(label.startswith(rig.entry.title) for label in labels)
    assert "Milesight Technology Co.,Ltd. MS-C8165-PE Telnet started failing" in labels
    assert "Milesight Technology Co.,Ltd. MS-C8165-PE Anonymous video stream passes again" in labels
    assert (
        "Milesight Technology Co.,Ltd. MS-C8165-PE Policy drift: the camera drifted from its policy"
        in labels
    )
    # The check is the trigger's subtype (no field to fill in after picking it).
    failing = next(t for t in triggers if t["type"] == "check_failing")
    assert failing["subtype"] in CHECKS
    capabilities = await async_get_device_automation_capabilities(
        hass, DeviceAutomationType.TRIGGER, failing
    )
    assert capabilities == {"extra_fields": []}
    # The drift trigger can be narrowed to one check, offered by its translated name.
    drifted = next(t for t in triggers if t["type"] == "drifted")
    capabilities = await async_get_device_automation_capabilities(
        hass, DeviceAutomationType.TRIGGER, drifted
    )
    (field,) = capabilities["extra_fields"]
    assert field["name"] == "check_id"
    assert field["optional"] is True
    options = dict(field["options"])
    assert set(options) == set(CHECKS)
    assert options["rtsp_anonymous"] == "Anonymous video stream"


async def test_a_deleted_entity_leaves_out_its_triggers(
    hass: HomeAssistant, rig: Rig, entity_registry: er.EntityRegistry
) -> None:
    await rig.setup()
    entity_registry.async_remove(rig.entity_id("event", "policy_drift"))
    entity_registry.async_remove(rig.entity_id("binary_sensor", "ssh"))
    triggers = await device_trigger.async_get_triggers(hass, rig.device_id())
    assert len(triggers) == 2 * (len(CHECKS) - 1)
    assert all(t["subtype"] != "ssh" for t in triggers)
    assert await device_trigger.async_get_triggers(hass, "no-such-device") == []


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_triggers_fire_on_drift(hass: HomeAssistant, rig: Rig) -> None:
    synced(rig.camera, True)
    await rig.setup()
    device_id = rig.device_id()

    def rule(kind: str, **extra: str) -> dict[str, object]:
        return {
            "trigger": {"platform": "device", "domain": DOMAIN, "device_id": device_id}
            | {"type": kind}
            | extra,
            "action": {"event": "test_fired", "event_data": {"rule": kind}},
        }

    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                rule("drifted"),
                rule("check_failing", subtype="time_synced"),
                rule("check_passing", subtype="time_synced"),
                # Saved before triggers had subtypes: still works.
                rule("check_failing", check_id="time_synced") | {"alias": "legacy"},
                # The drift trigger narrowed to one check.
                {
                    "trigger": {
                        "platform": "device",
                        "domain": DOMAIN,
                        "device_id": device_id,
                        "type": "drifted",
                        "check_id": "time_synced",
                    },
                    "action": {"event": "test_fired", "event_data": {"rule": "drifted_sync"}},
                },
                {
                    "trigger": {
                        "platform": "device",
                        "domain": DOMAIN,
                        "device_id": device_id,
                        "type": "drifted",
                        "check_id": "ssh",
                    },
                    "action": {"event": "test_fired", "event_data": {"rule": "drifted_ssh"}},
                },
            ]
        },
    )
    fired = async_capture_events(hass, "test_fired")
    synced(rig.camera, False)
    await rig.audits()
    expected = ["check_failing", "check_failing", "drifted", "drifted_sync"]
    assert sorted(e.data["rule"] for e in fired) == expected
    synced(rig.camera, True)
    await rig.audits()
    assert sorted(e.data["rule"] for e in fired) == sorted([*expected, "check_passing"])
    # Turned-off automations detach their listeners.
    await hass.services.async_call(
        automation.DOMAIN, "turn_off", {"entity_id": "all"}, blocking=True
    )
    synced(rig.camera, False)
    await rig.audits()
    assert len(fired) == 5


def test_failing_and_passing_triggers_must_name_a_check() -> None:
    base = {"platform": "device", "domain": DOMAIN, "device_id": "abc"}
    assert device_trigger.TRIGGER_SCHEMA({**base, "type": "drifted"})["type"] == "drifted"
    for kind in ("check_failing", "check_passing"):
        with pytest.raises(probatio.Invalid):
            device_trigger.TRIGGER_SCHEMA({**base, "type": kind})
        config = device_trigger.TRIGGER_SCHEMA({**base, "type": kind, "subtype": "telnet"})
        assert config["subtype"] == "telnet"
        config = device_trigger.TRIGGER_SCHEMA({**base, "type": kind, "check_id": "telnet"})
        assert config["check_id"] == "telnet"
