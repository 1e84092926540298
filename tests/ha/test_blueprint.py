"""The shipped blueprint: parses, and notifies without the mobile app, filtered by severity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from homeassistant.components import automation
from homeassistant.components.blueprint.models import Blueprint, BlueprintInputs
from homeassistant.components.blueprint.schemas import BLUEPRINT_SCHEMA
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.camera_posture.const import EVENT_DRIFT

BLUEPRINT = Path(__file__).parents[2] / "blueprints/automation/camera_posture/notify_on_drift.yaml"

DRIFT = {
    "device_id": "camera-device",
    "camera": "SmartCam",
    "check_id": "default_password",
    "check_name": "Default password",
    "kind": "started_failing",
    "previous_status": None,
    "status": "fail",
    "observed": True,
    "severity": "critical",
    "message": "Default password: in use (found by the first audits)",
    "summary": "An account still uses the factory password",
    "remediation": "Set a strong, unique password on every camera account.",
}


def _blueprint() -> Blueprint:
    return Blueprint(
        load_yaml_dict(BLUEPRINT), expected_domain="automation", schema=BLUEPRINT_SCHEMA
    )


async def _automation(hass: HomeAssistant, **inputs: Any) -> None:
    config = BlueprintInputs(
        _blueprint(), {"use_blueprint": {"path": "x", "input": inputs}}
    ).async_substitute()
    assert await async_setup_component(hass, automation.DOMAIN, {automation.DOMAIN: [config]})
    await hass.async_block_till_done()


async def _drift(hass: HomeAssistant, **changes: Any) -> None:
    hass.bus.async_fire(EVENT_DRIFT, DRIFT | changes)
    await hass.async_block_till_done()


def test_blueprint_inputs_are_all_optional() -> None:
    blueprint = _blueprint()
    assert set(blueprint.inputs) == {
        "notify_entities",
        "notify_device",
        "minimum_severity",
        "include_resolved",
    }
    config = BlueprintInputs(blueprint, {"use_blueprint": {"path": "x", "input": {}}})
    substituted = config.async_substitute()
    assert substituted["triggers"][0]["event_type"] == EVENT_DRIFT
    assert substituted["variables"]["minimum_severity"] == "medium"


async def test_without_any_app_a_persistent_notification_tells(hass: HomeAssistant) -> None:
    created = async_mock_service(hass, "persistent_notification", "create")
    await _automation(hass)
    await _drift(hass)
    (call,) = created
    assert call.data["title"] == "SmartCam: Default password is out of policy"
    assert call.data["message"].startswith(
        "Default password: in use (found by the first audits). Set a strong, unique password"
    )
    assert "/config/repairs" in call.data["message"]
    assert "True" not in call.data["message"]
    # Below the minimum severity (medium by default), and resolutions: nothing.
    await _drift(hass, severity="low", check_id="time_synced")
    await _drift(hass, kind="resolved", status="pass")
    assert len(created) == 1


@pytest.mark.parametrize(
    ("minimum", "told"), [("low", 4), ("medium", 3), ("high", 2), ("critical", 1)]
)
async def test_severity_filter(hass: HomeAssistant, minimum: str, told: int) -> None:
    created = async_mock_service(hass, "persistent_notification", "create")
    await _automation(hass, minimum_severity=minimum, include_resolved=True)
    for severity in ("low", "medium", "high", "critical"):
        await _drift(hass, severity=severity)
    assert len(created) == told


async def test_notify_entities_and_phone(hass: HomeAssistant) -> None:
    sent = async_mock_service(hass, "notify", "send_message")
    phone_calls = async_mock_service(hass, "notify", "mobile_app_pixel_9")
    created = async_mock_service(hass, "persistent_notification", "create")
    app = MockConfigEntry(domain="mobile_app")
    app.add_to_hass(hass)
    phone = dr.async_get(hass).async_get_or_create(
        config_entry_id=app.entry_id, identifiers={("mobile_app", "pixel")}, name="Pixel 9"
    )
    await _automation(
        hass, notify_entities=["notify.family_chat"], notify_device=phone.id, include_resolved=True
    )
    await _drift(hass, kind="resolved", status="pass", message="Default password: changed")
    (call,) = sent
    assert call.data["entity_id"] == ["notify.family_chat"]
    assert call.data["title"] == "SmartCam: Default password is fine again"
    assert call.data["message"] == "Default password: changed."
    (push,) = phone_calls
    assert isinstance(push, ServiceCall)
    assert push.data["data"]["url"] == "/config/repairs"
    assert created == []
