"""The manifest's quality-scale tier agrees with the rules recorded in quality_scale.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

INTEGRATION = Path(__file__).parents[1] / "custom_components" / "camera_posture"


def test_every_rule_is_done_or_exempt_with_a_reason_for_the_claimed_tier() -> None:
    manifest = json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))
    rules = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text(encoding="utf-8"))
    rules = rules["rules"]
    # A tier may be claimed only when no rule is left to do (platinum includes all below).
    assert manifest["quality_scale"] == "platinum"
    assert len(rules) >= 50
    for name, status in rules.items():
        if isinstance(status, dict):
            assert status["status"] == "exempt", name
            assert status["comment"].strip(), name
        else:
            assert status == "done", name
