"""Sentences for repairs, events and the logbook, from the integration's translations.

A drift is told as "Cloud access: on (was off at 2026-11-27 09:12)", never as the
engine's raw values ("Observed: True"). Every word comes from strings.json (the check's
name, its observed-value texts, the sentence templates under `common`), read from Home
Assistant's translation cache in the server's language: the cache holds every category
of an integration once it is set up, so these helpers can stay synchronous.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.translation import async_get_cached_translations
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .posture.policy import Drift

_PREFIX = f"component.{DOMAIN}"


def _text(hass: HomeAssistant, category: str, key: str) -> str | None:
    strings = async_get_cached_translations(hass, hass.config.language, category, DOMAIN)
    return strings.get(f"{_PREFIX}.{category}.{key}")


@callback
def check_name(hass: HomeAssistant, check_id: str) -> str:
    """The check's translated name ("Cloud access"); its id if none is loaded."""
    return _text(hass, "entity", f"binary_sensor.{check_id}.name") or check_id


@callback
def value_text(hass: HomeAssistant, check_id: str, value: Any) -> str:
    """An observed value in words: "on", "in use", "CVE-2021-36260, CVE-2017-7921"."""
    if value is None:
        return _text(hass, "common", "value_unknown") or "-"
    if isinstance(value, bool):
        key = f"binary_sensor.{check_id}.state_attributes.observed.state.{str(value).lower()}"
        return _text(hass, "entity", key) or str(value).lower()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or (
            _text(hass, "common", "value_none") or "-"
        )
    return str(value)


def _local(at: datetime) -> str:
    return dt_util.as_local(at).strftime("%Y-%m-%d %H:%M")


@callback
def previous_text(
    hass: HomeAssistant,
    check_id: str,
    previous_status: str | None,
    previous_observed: Any,
    previous_seen_at: str | None,
) -> str:
    """What the check saw before, as a repair's `{previous}` value: "off (2026-11-27 09:12)".

    A repair's sentence lives in strings.json with data-only placeholders, so this is
    the value and its time, never a sentence; "no earlier audit" for a first finding.
    """
    if previous_status is None:
        return _text(hass, "common", "previous_none") or "-"
    value = value_text(hass, check_id, previous_observed)
    if previous_seen_at is None:
        return value  # a history stored before times were recorded
    return f"{value} ({_local(datetime.fromisoformat(previous_seen_at))})"


@callback
def finding(hass: HomeAssistant, drift: Drift) -> str:
    """What the camera does now, and what it did before (and when)."""
    placeholders = {
        "check": check_name(hass, drift.check_id),
        "observed": value_text(hass, drift.check_id, drift.observed),
        "previous": value_text(hass, drift.check_id, drift.previous_observed),
        "since": "" if drift.previous_seen_at is None else _local(drift.previous_seen_at),
    }
    if drift.previous_status is None:
        key = "finding_first"
    elif drift.previous_seen_at is None:
        key = "finding_untimed"  # a history stored before times were recorded
    else:
        key = "finding_changed"
    template = _text(hass, "common", key) or "{check}: {observed}"
    return template.format(**placeholders)


@callback
def kind_text(hass: HomeAssistant, kind: str) -> str:
    """A drift kind in words ("Started failing"), as the drift event entity shows it."""
    key = f"event.policy_drift.state_attributes.event_type.state.{kind}"
    return _text(hass, "entity", key) or kind
