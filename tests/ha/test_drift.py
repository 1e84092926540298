"""Drift end to end: the simulated camera changes, Home Assistant notices exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import (
    CONF_HYSTERESIS,
    CONF_REQUIRED_CHECKS,
    DOMAIN,
    EVENT_DRIFT,
)
from custom_components.camera_posture.posture.checks import CHECKS

from .helpers import Rig, synced
from .test_translations import STRINGS

CHECK = "time_synced"


def _of_check(events: list[Event[dict[str, Any]]]) -> list[Event[dict[str, Any]]]:
    """The drift events of the check a test changes (the camera fails others from the start)."""
    return [event for event in events if event.data["check_id"] == CHECK]


def _issue(rig: Rig) -> ir.IssueEntry | None:
    return ir.async_get(rig.hass).async_get_issue(DOMAIN, issue_id(rig.entry.entry_id, CHECK))


async def _fix(rig: Rig, step: str) -> Any:
    """Walk the repair's fix flow as the frontend does: open it, pick a menu option."""
    manager = repairs_flow_manager(rig.hass)
    assert manager is not None
    key = issue_id(rig.entry.entry_id, CHECK)
    menu = await manager.async_init(DOMAIN, context={"issue_id": key})
    assert menu["type"] is FlowResultType.MENU
    assert menu["menu_options"] == ["accept", "recheck"]
    assert "{" not in str(menu.get("description_placeholders"))
    return await manager.async_configure(menu["flow_id"], {"next_step_id": step})


async def test_drift_fires_once_survives_restart_and_is_accepted(
    hass: HomeAssistant, rig: Rig
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    synced(rig.camera, True)
    await rig.setup()
    captured: list[Event[dict[str, Any]]] = async_capture_events(hass, EVENT_DRIFT)
    assert rig.state("binary_sensor", CHECK).state == "off"

    synced(rig.camera, False)
    await rig.audits()
    # The sensor shows the truth at once; drift waits for a confirming audit.
    assert rig.state("binary_sensor", CHECK).state == "on"
    assert _of_check(captured) == []
    assert _issue(rig) is None

    await rig.audits()
    events = _of_check(captured)
    assert len(events) == 1
    payload = events[0].data
    assert payload["check_id"] == CHECK
    assert payload["kind"] == "started_failing"
    assert (payload["previous_status"], payload["status"]) == ("pass", "fail")
    assert (payload["previous_observed"], payload["observed"]) == (True, False)
    # Said as a sentence, with when the check last passed: the first audit, 12:00 UTC,
    # in Home Assistant's time zone (the test instance's US/Pacific).
    assert payload["message"] == (
        "Time sync: not synchronised (was synchronised at 2026-11-27 04:00)"
    )
    assert payload["check_name"] == "Time sync"
    assert payload["severity"] == "low"
    assert payload["remediation"]
    assert payload["camera"] == rig.entry.title
    state = rig.state("event", "policy_drift")
    assert state.attributes["event_type"] == "started_failing"
    assert state.attributes["check_id"] == CHECK
    fired_at = state.state
    issue = _issue(rig)
    assert issue is not None
    assert issue.is_fixable
    # The repair's placeholders are data: the values now and before (when it last passed).
    assert issue.translation_placeholders["observed"] == "not synchronised"
    assert issue.translation_placeholders["previous"] == "synchronised (2026-11-27 04:00)"
    first_told = dict(issue.translation_placeholders)

    # Still failing: nothing new. Restart: nothing repeated, the repair is still there.
    await rig.audits()
    await rig.reload()
    await rig.audits()
    assert len(_of_check(captured)) == 1
    assert rig.state("event", "policy_drift").state == fired_at
    issue = _issue(rig)
    assert issue is not None
    # Raised again after the restart exactly as first told.
    assert issue.translation_placeholders == first_told

    # Accept the exact observed value: the repair closes and stays closed.
    result = await _fix(rig, "accept")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert _issue(rig) is None
    assert rig.coordinator.tracker.baseline(CHECK) == [False]
    await rig.audits(2)
    assert len(_of_check(captured)) == 1
    assert _issue(rig) is None
    assert rig.state("binary_sensor", CHECK).state == "on"


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_passing_again_resolves_and_deletes_repair(hass: HomeAssistant, rig: Rig) -> None:
    synced(rig.camera, True)
    await rig.setup()
    events = async_capture_events(hass, EVENT_DRIFT)
    synced(rig.camera, False)
    await rig.audits()
    assert _issue(rig) is not None
    synced(rig.camera, True)
    await rig.audits()
    assert [e.data["kind"] for e in _of_check(events)] == ["started_failing", "resolved"]
    assert _issue(rig) is None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_drift_while_home_assistant_was_down_fires_on_start(
    hass: HomeAssistant, rig: Rig
) -> None:
    synced(rig.camera, True)
    await rig.setup()
    assert await hass.config_entries.async_unload(rig.entry.entry_id)
    events = async_capture_events(hass, EVENT_DRIFT)
    synced(rig.camera, False)
    await rig.setup()
    assert [e.data["kind"] for e in _of_check(events)] == ["started_failing"]
    assert rig.state("event", "policy_drift").attributes["event_type"] == "started_failing"
    assert _issue(rig) is not None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_recheck_fix_flow(hass: HomeAssistant, rig: Rig) -> None:
    assert await async_setup_component(hass, "repairs", {})
    await rig.drift_out_of_sync()
    result = await _fix(rig, "recheck")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "still_failing"
    assert _issue(rig) is not None
    synced(rig.camera, True)
    result = await _fix(rig, "recheck")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert _issue(rig) is None


@pytest.mark.parametrize(
    ("camera", "data"),
    [
        ("unloaded", {"check_id": CHECK, "observed": "false"}),
        ("removed", {"check_id": CHECK, "observed": "false"}),
        ("loaded", {"check_id": "no_such_check", "observed": "false"}),
        ("loaded", {"check_id": CHECK}),
        ("loaded", None),
    ],
)
async def test_fix_flow_without_a_camera_or_check_explains_and_keeps_the_issue(
    hass: HomeAssistant, rig: Rig, camera: str, data: dict[str, str] | None
) -> None:
    """A repair whose camera is gone or not loaded (or whose data is stale) aborts with a
    translated reason instead of failing as "unknown error"; the issue is not dropped."""
    assert await async_setup_component(hass, "repairs", {})
    synced(rig.camera, True)
    await rig.setup()
    camera_entry = rig.entry
    key = issue_id(camera_entry.entry_id, CHECK)

    def raise_issue() -> None:
        ir.async_create_issue(
            hass,
            DOMAIN,
            key,
            is_fixable=True,
            severity=ir.IssueSeverity.WARNING,
            translation_key="policy_drift",
            data=None if data is None else {"entry_id": camera_entry.entry_id, **data},
        )

    raise_issue()
    if camera == "unloaded":
        assert await hass.config_entries.async_unload(camera_entry.entry_id)
    elif camera == "removed":
        assert await hass.config_entries.async_remove(camera_entry.entry_id)
        # Removing the camera removes its repairs; one left behind (an older version,
        # a race) still has to open.
        raise_issue()
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, context={"issue_id": key})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "camera_not_loaded"
    assert STRINGS["issues"][f"drift_{CHECK}"]["fix_flow"]["abort"]["camera_not_loaded"]
    assert ir.async_get(hass).async_get_issue(DOMAIN, key) is not None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_no_longer_required_check_drops_its_repair(hass: HomeAssistant, rig: Rig) -> None:
    await rig.drift_out_of_sync()
    assert _issue(rig) is not None
    required = [check_id for check_id in CHECKS if check_id != CHECK]
    hass.config_entries.async_update_entry(
        rig.entry, options={**rig.entry.options, CONF_REQUIRED_CHECKS: required}
    )
    await rig.reload()
    assert _issue(rig) is None
    # Not required: shown as unknown with its status, never as passing.
    state = rig.state("binary_sensor", CHECK)
    assert state.state == "unknown"
    assert state.attributes["status"] == "not_applicable"
