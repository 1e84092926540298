"""Drift sentences: every value in words, from the translations, whatever the history."""

from __future__ import annotations

from datetime import UTC, datetime

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.camera_posture.posture.models import Status
from custom_components.camera_posture.posture.policy import Drift, DriftKind
from custom_components.camera_posture.wording import (
    check_name,
    finding,
    kind_text,
    previous_text,
    value_text,
)

from .helpers import setup_entry


def _drift(**changes: object) -> Drift:
    fields: dict[str, object] = {
        "check_id": "firmware_vulnerabilities",
        "kind": DriftKind.VALUE_CHANGED,
        "previous_status": Status.FAIL,
        "status": Status.FAIL,
        "previous_observed": ["CVE-2021-36260"],
        "observed": ["CVE-2021-36260", "CVE-2017-7921"],
        "previous_seen_at": datetime(2026, 11, 27, 17, 12, tzinfo=UTC),
    }
    return Drift(**(fields | changes))  # type: ignore[arg-type]


async def test_values_and_sentences(hass: HomeAssistant, camera_entry: MockConfigEntry) -> None:
    await setup_entry(hass, camera_entry)  # the integration's translations are cached now
    assert check_name(hass, "cloud_access") == "Cloud access"
    assert value_text(hass, "cloud_access", True) == "on"
    assert value_text(hass, "default_password", False) == "changed"
    assert value_text(hass, "router_exposure", []) == "none"
    assert value_text(hass, "router_exposure", ["tcp/80->80"]) == "tcp/80->80"
    assert value_text(hass, "telnet", None) == "not determined"
    assert value_text(hass, "time_synced", 42) == "42"
    assert kind_text(hass, "value_changed") == "Changed"
    # Home Assistant's time zone in tests is US/Pacific: 17:12 UTC is 09:12 there.
    assert finding(hass, _drift()) == (
        "Firmware vulnerabilities: CVE-2021-36260, CVE-2017-7921"
        " (was CVE-2021-36260 at 2026-11-27 09:12)"
    )
    # A history stored before the time was recorded.
    assert finding(hass, _drift(previous_seen_at=None)) == (
        "Firmware vulnerabilities: CVE-2021-36260, CVE-2017-7921 (was CVE-2021-36260)"
    )
    assert finding(hass, _drift(previous_status=Status.UNKNOWN, previous_observed=None)) == (
        "Firmware vulnerabilities: CVE-2021-36260, CVE-2017-7921"
        " (was not determined at 2026-11-27 09:12)"
    )
    # A repair's `{previous}`: the value and its local time, never a sentence.
    seen = "2026-11-27T17:12:00+00:00"
    assert previous_text(hass, "cloud_access", "pass", False, seen) == "off (2026-11-27 09:12)"
    assert previous_text(hass, "cloud_access", "pass", False, None) == "off"
    assert previous_text(hass, "cloud_access", None, None, None) == "no earlier audit"


async def test_words_missing_from_the_translations_fall_back_to_ids(
    hass: HomeAssistant, camera_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, camera_entry)
    assert check_name(hass, "no_such_check") == "no_such_check"
    assert value_text(hass, "no_such_check", True) == "true"
    assert kind_text(hass, "no_such_kind") == "no_such_kind"
