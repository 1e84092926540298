"""Policy violations are told from a camera's first audits, once, like any later drift."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import async_capture_events

from camsim.camera import SimCamera
from custom_components.camera_posture import logbook
from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN, EVENT_DRIFT

from .helpers import audit_cycle, entity_id_for, reload_entry, setup_entry, smartcam_entry

CHECK = "default_password"


def _of(events: list[Event[dict[str, Any]]], check_id: str) -> list[dict[str, Any]]:
    return [dict(e.data) for e in events if e.data["check_id"] == check_id]


async def test_factory_password_is_announced_from_the_first_audits(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    smartcam: SimCamera,
    entity_registry: er.EntityRegistry,
) -> None:
    events = async_capture_events(hass, EVENT_DRIFT)
    # No options at all: the defaults (every check required, 2 confirming audits).
    entry = smartcam_entry(smartcam, {})
    await setup_entry(hass, entry)
    issues = ir.async_get(hass)
    # Hysteresis still applies: one audit has seen it, a second one confirms it.
    assert _of(events, CHECK) == []
    assert issues.async_get_issue(DOMAIN, issue_id(entry.entry_id, CHECK)) is None

    await audit_cycle(hass, frozen)
    (payload,) = _of(events, CHECK)
    assert payload["kind"] == "started_failing"
    assert payload["previous_status"] is None
    assert payload["status"] == "fail"
    assert payload["observed"] is True
    assert payload["message"] == "Default password: in use (found by the first audits)"
    issue = issues.async_get_issue(DOMAIN, issue_id(entry.entry_id, CHECK))
    assert issue is not None
    assert issue.is_fixable
    assert issue.severity is ir.IssueSeverity.ERROR
    # Data only: the sentence around the values is the check's own, in strings.json.
    assert issue.translation_placeholders["observed"] == "in use"
    assert issue.translation_placeholders["previous"] == "no earlier audit"
    assert "True" not in str(issue.translation_placeholders)
    # The other findings of the seed case are told the same way (cloud on, old firmware).
    told = {e.data["check_id"] for e in events}
    assert {"cloud_access", "firmware_vulnerabilities"} <= told
    # The event entity carries it too.
    state = hass.states.get(entity_id_for(entity_registry, entry, "event", "policy_drift"))
    assert state is not None
    assert state.attributes["event_type"] == "started_failing"

    # Never again: more audits, then a restart (the drift state is stored).
    await audit_cycle(hass, frozen)
    await reload_entry(hass, entry)
    await audit_cycle(hass, frozen)
    assert len(_of(events, CHECK)) == 1
    assert len(events) == len({e.data["check_id"] for e in events})
    # The repair is still there: the camera still uses its factory password.
    assert issues.async_get_issue(DOMAIN, issue_id(entry.entry_id, CHECK)) is not None


async def test_with_one_confirming_audit_the_first_audit_tells_at_once(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, smartcam: SimCamera
) -> None:
    events = async_capture_events(hass, EVENT_DRIFT)
    entry = smartcam_entry(smartcam, {CONF_HYSTERESIS: 1})
    await setup_entry(hass, entry)
    # Found before the entities existed: held, then told once they were there (in words:
    # the translations are loaded before the first audit).
    assert [(p["kind"], p["message"]) for p in _of(events, CHECK)] == [
        ("started_failing", "Default password: in use (found by the first audits)")
    ]
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id(entry.entry_id, CHECK))


async def test_first_failure_fixed_before_it_is_confirmed_is_never_told(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, smartcam: SimCamera
) -> None:
    events = async_capture_events(hass, EVENT_DRIFT)
    entry = smartcam_entry(smartcam, {})
    await setup_entry(hass, entry)
    smartcam.persona.users["admin"] = "a-strong-new-one"
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, "password": "a-strong-new-one"}
    )
    await reload_entry(hass, entry)
    await audit_cycle(hass, frozen)
    assert _of(events, CHECK) == []
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id(entry.entry_id, CHECK)) is None


async def test_logbook_and_event_entity_name_the_check(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    smartcam: SimCamera,
    entity_registry: er.EntityRegistry,
) -> None:
    events = async_capture_events(hass, EVENT_DRIFT)
    entry = smartcam_entry(smartcam, {CONF_HYSTERESIS: 1})
    await setup_entry(hass, entry)
    described: dict[str, Any] = {}
    logbook.async_describe_events(
        hass, lambda domain, event_type, fn: described.update({(domain, event_type): fn})
    )
    describe = described[(DOMAIN, EVENT_DRIFT)]
    event = next(e for e in events if e.data["check_id"] == CHECK)
    drift_entity = entity_id_for(entity_registry, entry, "event", "policy_drift")
    assert describe(event) == {
        "name": "SmartCam",
        "message": "Started failing: Default password: in use (found by the first audits)",
        "entity_id": drift_entity,
    }
    # The event entity carries the sentence and the evidence, not only raw values.
    state = hass.states.get(drift_entity)
    assert state is not None
    assert state.attributes["message"] == events[-1].data["message"]
    assert state.attributes["check_name"] == events[-1].data["check_name"]
    assert state.attributes["evidence"]
