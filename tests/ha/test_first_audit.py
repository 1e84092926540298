"""Policy violations are told from a camera's first audits, once, like any later drift."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.camera_posture import logbook
from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN, EVENT_DRIFT

from .helpers import Rig

CHECK = "default_password"


def _of(events: list[Event[dict[str, Any]]], check_id: str) -> list[dict[str, Any]]:
    return [dict(e.data) for e in events if e.data["check_id"] == check_id]


@pytest.fixture
def rig(smartcam_rig: Rig) -> Rig:
    """The SmartCam: factory password, cloud on, old firmware."""
    return smartcam_rig


@pytest.fixture
async def events(hass: HomeAssistant, rig: Rig) -> list[Event[dict[str, Any]]]:
    """The drift events from the camera's set-up (with the test's options) on."""
    captured: list[Event[dict[str, Any]]] = async_capture_events(hass, EVENT_DRIFT)
    await rig.setup()
    return captured


def _issue(rig: Rig) -> ir.IssueEntry | None:
    return ir.async_get(rig.hass).async_get_issue(DOMAIN, issue_id(rig.entry.entry_id, CHECK))


# No options at all: the defaults (every check required, 2 confirming audits).
@pytest.mark.parametrize("options", [{}])
async def test_factory_password_is_announced_from_the_first_audits(
    rig: Rig, events: list[Event[dict[str, Any]]]
) -> None:
    # Hysteresis still applies: one audit has seen it, a second one confirms it.
    assert _of(events, CHECK) == []
    assert _issue(rig) is None

    await rig.audits()
    (payload,) = _of(events, CHECK)
    assert payload["kind"] == "started_failing"
    assert payload["previous_status"] is None
    assert payload["status"] == "fail"
    assert payload["observed"] is True
    assert payload["message"] == "Default password: in use (found by the first audits)"
    issue = _issue(rig)
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
    assert rig.state("event", "policy_drift").attributes["event_type"] == "started_failing"

    # Never again: more audits, then a restart (the drift state is stored).
    await rig.audits()
    await rig.reload()
    await rig.audits()
    assert len(_of(events, CHECK)) == 1
    assert len(events) == len({e.data["check_id"] for e in events})
    # The repair is still there: the camera still uses its factory password.
    assert _issue(rig) is not None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_with_one_confirming_audit_the_first_audit_tells_at_once(
    rig: Rig, events: list[Event[dict[str, Any]]]
) -> None:
    # Found before the entities existed: held, then told once they were there (in words:
    # the translations are loaded before the first audit).
    assert [(p["kind"], p["message"]) for p in _of(events, CHECK)] == [
        ("started_failing", "Default password: in use (found by the first audits)")
    ]
    assert _issue(rig)


@pytest.mark.parametrize("options", [{}])
async def test_first_failure_fixed_before_it_is_confirmed_is_never_told(
    hass: HomeAssistant, rig: Rig, events: list[Event[dict[str, Any]]]
) -> None:
    rig.camera.persona.users["admin"] = "a-strong-new-one"
    hass.config_entries.async_update_entry(
        rig.entry, data={**rig.entry.data, "password": "a-strong-new-one"}
    )
    await rig.reload()
    await rig.audits()
    assert _of(events, CHECK) == []
    assert _issue(rig) is None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_logbook_and_event_entity_name_the_check(
    hass: HomeAssistant, rig: Rig, events: list[Event[dict[str, Any]]]
) -> None:
    described: dict[str, Any] = {}
    logbook.async_describe_events(
        hass, lambda domain, event_type, fn: described.update({(domain, event_type): fn})
    )
    describe = described[(DOMAIN, EVENT_DRIFT)]
    event = next(e for e in events if e.data["check_id"] == CHECK)
    assert describe(event) == {
        "name": "SmartCam",
        "message": "Started failing: Default password: in use (found by the first audits)",
        "entity_id": rig.entity_id("event", "policy_drift"),
    }
    # The event entity carries the sentence and the evidence, not only raw values.
    state = rig.state("event", "policy_drift")
    assert state.attributes["message"] == events[-1].data["message"]
    assert state.attributes["check_name"] == events[-1].data["check_name"]
    assert state.attributes["evidence"]
