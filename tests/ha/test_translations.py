"""Every key the code uses has English text; strings.json and en.json agree."""

from __future__ import annotations

import json
from pathlib import Path

from custom_components.camera_posture.binary_sensor import CHECK_SENSORS
from custom_components.camera_posture.button import AUDIT_NOW
from custom_components.camera_posture.event import POLICY_DRIFT
from custom_components.camera_posture.posture.checks import CHECKS
from custom_components.camera_posture.sensor import SENSORS
from custom_components.camera_posture.update import FIRMWARE
from custom_components.camera_posture.validation import target_from_data

PACKAGE = Path(__file__).parents[2] / "custom_components/camera_posture"
STRINGS = json.loads((PACKAGE / "strings.json").read_text())


def test_english_translation_is_strings_json() -> None:
    assert json.loads((PACKAGE / "translations/en.json").read_text()) == STRINGS


def test_every_entity_has_a_name_and_icon() -> None:
    icons = json.loads((PACKAGE / "icons.json").read_text())["entity"]
    for platform, descriptions in (
        ("binary_sensor", CHECK_SENSORS),
        ("sensor", SENSORS),
        ("button", (AUDIT_NOW,)),
        ("event", (POLICY_DRIFT,)),
        ("update", (FIRMWARE,)),
    ):
        for description in descriptions:
            key = description.translation_key
            assert STRINGS["entity"][platform][key]["name"], key
            assert platform == "update" or key in icons[platform], key
    assert set(STRINGS["selector"]["check_id"]["options"]) == set(CHECKS)


def test_services_mapping_becomes_target_ports() -> None:
    target = target_from_data(
        {
            "host": "127.0.0.1",
            "port": 8080,
            "username": "admin",
            "password": "x",
            "services": {"rtsp": 8554, "telnet": 2323},
        }
    )
    assert target.port_for("rtsp") == 8554
    assert target.port_for("telnet") == 2323
    assert target.port_for("onvif") == 8080
