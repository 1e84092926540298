"""The check registry is the single source: every file keyed by check id equals it.

strings.json (entity names, observed-value texts, the check selector, the options'
severities section), icons.json, services.yaml, the diagnostics
allow-list and the default options are compared with posture/checks.py, in order
where the user sees an order.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from custom_components.camera_posture.const import CONF_REQUIRED_CHECKS, DEFAULT_OPTIONS
from custom_components.camera_posture.diagnostics import FACT_FIELDS
from custom_components.camera_posture.posture.checks import CHECKS
from custom_components.camera_posture.posture.models import Facts

PACKAGE = Path(__file__).parents[2] / "custom_components/camera_posture"
STRINGS = json.loads((PACKAGE / "strings.json").read_text())
ICONS = json.loads((PACKAGE / "icons.json").read_text())
SERVICES = yaml.safe_load((PACKAGE / "services.yaml").read_text())
# Binary sensors that are not checks (the camera's reachability).
NOT_CHECKS = {"reachability"}


def test_every_check_has_an_entity_name_and_observed_value_texts() -> None:
    sensors = STRINGS["entity"]["binary_sensor"]
    assert [key for key in sensors if key not in NOT_CHECKS] == list(CHECKS)
    for check_id in CHECKS:
        assert sensors[check_id]["name"], check_id
        assert sensors[check_id]["state_attributes"]["observed"]["name"], check_id


def test_every_check_has_an_icon() -> None:
    icons = ICONS["entity"]["binary_sensor"]
    assert [key for key in icons if key not in NOT_CHECKS] == list(CHECKS)
    assert all(icons[check_id]["default"].startswith("mdi:") for check_id in CHECKS)


def test_the_check_selector_and_the_service_list_the_registry_in_order() -> None:
    assert list(STRINGS["selector"]["check_id"]["options"]) == list(CHECKS)
    field = SERVICES["accept_baseline"]["fields"]["check_id"]["selector"]["select"]
    assert field["options"] == list(CHECKS)
    assert field["translation_key"] == "check_id"


def test_the_options_severities_and_defaults_cover_every_check() -> None:
    section = STRINGS["options"]["step"]["init"]["sections"]["severities"]["data"]
    assert list(section) == list(CHECKS)
    assert DEFAULT_OPTIONS[CONF_REQUIRED_CHECKS] == list(CHECKS)


def test_diagnostics_share_every_fact_a_check_reads() -> None:
    fields = set(Facts.__dataclass_fields__)
    for check_id, spec in CHECKS.items():
        assert spec.facts, f"{check_id} declares no facts"
        assert set(spec.facts) <= fields, check_id
        assert set(spec.facts) <= set(FACT_FIELDS), check_id


def test_every_check_has_its_repair_text_from_the_registry() -> None:
    issues = STRINGS["issues"]
    assert [key for key in issues if key.startswith("drift_")] == [f"drift_{c}" for c in CHECKS]
    for check_id, spec in CHECKS.items():
        repair = issues[f"drift_{check_id}"]
        assert repair["title"] == "{camera}: " + spec.fail_summary
        init = repair["fix_flow"]["step"]["init"]
        assert init["title"] == repair["title"]
        assert f"Recommended: {spec.remediation}" in init["description"]
        assert repair["fix_flow"]["step"]["accept"]["description"].startswith(spec.fail_summary)
