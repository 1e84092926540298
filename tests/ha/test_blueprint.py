"""The shipped blueprint parses as a Home Assistant automation blueprint."""

from __future__ import annotations

from pathlib import Path

from homeassistant.components.blueprint.models import Blueprint, BlueprintInputs
from homeassistant.components.blueprint.schemas import BLUEPRINT_SCHEMA
from homeassistant.util.yaml import load_yaml_dict

from custom_components.camera_posture.const import EVENT_DRIFT

BLUEPRINT = Path(__file__).parents[2] / "blueprints/automation/camera_posture/notify_on_drift.yaml"


def test_notify_on_drift_blueprint() -> None:
    blueprint = Blueprint(
        load_yaml_dict(BLUEPRINT), expected_domain="automation", schema=BLUEPRINT_SCHEMA
    )
    assert set(blueprint.inputs) == {"notify_device", "include_resolved"}
    config = BlueprintInputs(
        blueprint, {"use_blueprint": {"path": "x", "input": {"notify_device": "phone-id"}}}
    ).async_substitute()
    assert config["triggers"][0]["event_type"] == EVENT_DRIFT
    action = config["actions"][0]
    assert action["device_id"] == "phone-id"
    assert action["data"]["url"] == "/config/repairs"
    assert config["variables"]["include_resolved"] is False
