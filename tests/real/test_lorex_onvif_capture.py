"""A real Lorex camera's ONVIF identity against the bundled catalog.

tests/fixtures/real/lorex/LNB8973B holds the camera's GetDeviceInformation answer (see its
SOURCE.md). No source names this model, so the catalog must leave both firmware verdicts
unknown rather than pass them.
"""

from __future__ import annotations

import json
from pathlib import Path

from custom_components.camera_posture.posture.advisories.lookup import lookup, vendor_family
from custom_components.camera_posture.posture.advisories.versions import FirmwareVersion, parse

CAPTURE = Path(__file__).parents[1] / "fixtures/real/lorex/LNB8973B/GetDeviceInformation.json"


def test_lnb8973b_identity_stays_unknown_to_the_catalog() -> None:
    device = json.loads(CAPTURE.read_text(encoding="utf-8"))
    assert vendor_family(device["Manufacturer"]) == "dahua"
    # The firmware itself is readable: only the model is unknown to the catalog.
    assert parse("dahua", device["FirmwareVersion"]) == FirmwareVersion(
        "2.460.0001", (5,), 20170811
    )
    verdict = lookup(
        "onvif", device["Model"], device["FirmwareVersion"], manufacturer=device["Manufacturer"]
    )
    assert verdict.known_model is False
    assert verdict.firmware_up_to_date is None
    assert verdict.advisories is None
    assert verdict.evidence.startswith("model not in advisory catalog")
