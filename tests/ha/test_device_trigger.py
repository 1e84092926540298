"""Device triggers: listed per camera, and firing from a real drift."""

from __future__ import annotations

import probatio
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_get_device_automation_capabilities,
    async_get_device_automations,
)

from camsim.camera import SimCamera
from custom_components.camera_posture import device_trigger
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN

from .helpers import audit_cycle, device_id_for, setup_entry, synced


async def test_triggers_are_listed(
    hass: HomeAssistant, camera_entry: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    await setup_entry(hass, camera_entry)
    device_id = device_id_for(device_registry, camera_entry)
    triggers = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, device_id)
    types = {(t["type"], t.get("check_id")) for t in triggers}
    assert ("drifted", None) in types
    assert ("check_failing", "telnet") in types
    assert ("check_passing", "time_synced") in types
    failing = next(t for t in triggers if t["type"] == "check_failing")
    capabilities = await async_get_device_automation_capabilities(
        hass, DeviceAutomationType.TRIGGER, failing
    )
    assert capabilities["extra_fields"][0]["name"] == "check_id"
    drifted = next(t for t in triggers if t["type"] == "drifted")
    capabilities = await async_get_device_automation_capabilities(
        hass, DeviceAutomationType.TRIGGER, drifted
    )
    assert capabilities == {"extra_fields": []}


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_triggers_fire_on_drift(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    synced(onvif_camera, True)
    await setup_entry(hass, camera_entry)
    device_id = device_id_for(device_registry, camera_entry)

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
                rule("check_failing", check_id="time_synced"),
                rule("check_passing", check_id="time_synced"),
            ]
        },
    )
    fired = async_capture_events(hass, "test_fired")
    synced(onvif_camera, False)
    await audit_cycle(hass, frozen)
    assert sorted(e.data["rule"] for e in fired) == ["check_failing", "drifted"]
    synced(onvif_camera, True)
    await audit_cycle(hass, frozen)
    assert sorted(e.data["rule"] for e in fired) == ["check_failing", "check_passing", "drifted"]
    # Turned-off automations detach their listeners.
    await hass.services.async_call(
        automation.DOMAIN, "turn_off", {"entity_id": "all"}, blocking=True
    )
    synced(onvif_camera, False)
    await audit_cycle(hass, frozen)
    assert len(fired) == 3


def test_failing_and_passing_triggers_must_name_a_check() -> None:
    base = {"platform": "device", "domain": DOMAIN, "device_id": "abc"}
    assert device_trigger.TRIGGER_SCHEMA({**base, "type": "drifted"})["type"] == "drifted"
    for kind in ("check_failing", "check_passing"):
        with pytest.raises(probatio.Invalid):
            device_trigger.TRIGGER_SCHEMA({**base, "type": kind})
        config = device_trigger.TRIGGER_SCHEMA({**base, "type": kind, "check_id": "telnet"})
        assert config["check_id"] == "telnet"
