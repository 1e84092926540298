"""Drift end to end: the simulated camera changes, Home Assistant notices exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from camsim.camera import SimCamera
from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import (
    CONF_HYSTERESIS,
    CONF_REQUIRED_CHECKS,
    DOMAIN,
    EVENT_DRIFT,
)
from custom_components.camera_posture.posture.checks import CHECKS

from .helpers import (
    audit_cycle,
    drift_out_of_sync,
    entity_id_for,
    reload_entry,
    setup_entry,
    synced,
)
from .test_translations import STRINGS

CHECK = "time_synced"


def _of_check(events: list[Event[dict[str, Any]]]) -> list[Event[dict[str, Any]]]:
    """The drift events of the check a test changes (the camera fails others from the start)."""
    return [event for event in events if event.data["check_id"] == CHECK]


def _issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, issue_id(entry.entry_id, CHECK))


async def _fix(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> Any:
    """Walk the repair's fix flow as the frontend does: open it, pick a menu option."""
    manager = repairs_flow_manager(hass)
    assert manager is not None
    menu = await manager.async_init(DOMAIN, context={"issue_id": issue_id(entry.entry_id, CHECK)})
    assert menu["type"] is FlowResultType.MENU
    assert menu["menu_options"] == ["accept", "recheck"]
    assert "{" not in str(menu.get("description_placeholders"))
    return await manager.async_configure(menu["flow_id"], {"next_step_id": step})


async def test_drift_fires_once_survives_restart_and_is_accepted(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    synced(onvif_camera, True)
    await setup_entry(hass, camera_entry)
    captured: list[Event[dict[str, Any]]] = async_capture_events(hass, EVENT_DRIFT)
    problem = entity_id_for(entity_registry, camera_entry, "binary_sensor", CHECK)
    drift_entity = entity_id_for(entity_registry, camera_entry, "event", "policy_drift")
    assert hass.states.get(problem).state == "off"  # type: ignore[union-attr]

    synced(onvif_camera, False)
    await audit_cycle(hass, frozen)
    # The sensor shows the truth at once; drift waits for a confirming audit.
    assert hass.states.get(problem).state == "on"  # type: ignore[union-attr]
    assert _of_check(captured) == []
    assert _issue(hass, camera_entry) is None

    await audit_cycle(hass, frozen)
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
    assert payload["camera"] == camera_entry.title
    state = hass.states.get(drift_entity)
    assert state is not None
    assert state.attributes["event_type"] == "started_failing"
    assert state.attributes["check_id"] == CHECK
    fired_at = state.state
    issue = _issue(hass, camera_entry)
    assert issue is not None
    assert issue.is_fixable
    # The repair's placeholders are data: the values now and before (when it last passed).
    assert issue.translation_placeholders["observed"] == "not synchronised"
    assert issue.translation_placeholders["previous"] == "synchronised (2026-11-27 04:00)"
    first_told = dict(issue.translation_placeholders)

    # Still failing: nothing new. Restart: nothing repeated, the repair is still there.
    await audit_cycle(hass, frozen)
    await reload_entry(hass, camera_entry)
    await audit_cycle(hass, frozen)
    assert len(_of_check(captured)) == 1
    assert hass.states.get(drift_entity).state == fired_at  # type: ignore[union-attr]
    issue = _issue(hass, camera_entry)
    assert issue is not None
    # Raised again after the restart exactly as first told.
    assert issue.translation_placeholders == first_told

    # Accept the exact observed value: the repair closes and stays closed.
    result = await _fix(hass, camera_entry, "accept")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert _issue(hass, camera_entry) is None
    assert camera_entry.runtime_data.tracker.baseline(CHECK) == [False]
    await audit_cycle(hass, frozen)
    await audit_cycle(hass, frozen)
    assert len(_of_check(captured)) == 1
    assert _issue(hass, camera_entry) is None
    assert hass.states.get(problem).state == "on"  # type: ignore[union-attr]


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_passing_again_resolves_and_deletes_repair(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
) -> None:
    synced(onvif_camera, True)
    await setup_entry(hass, camera_entry)
    events = async_capture_events(hass, EVENT_DRIFT)
    synced(onvif_camera, False)
    await audit_cycle(hass, frozen)
    assert _issue(hass, camera_entry) is not None
    synced(onvif_camera, True)
    await audit_cycle(hass, frozen)
    assert [e.data["kind"] for e in _of_check(events)] == ["started_failing", "resolved"]
    assert _issue(hass, camera_entry) is None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_drift_while_home_assistant_was_down_fires_on_start(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    synced(onvif_camera, True)
    await setup_entry(hass, camera_entry)
    assert await hass.config_entries.async_unload(camera_entry.entry_id)
    events = async_capture_events(hass, EVENT_DRIFT)
    synced(onvif_camera, False)
    await setup_entry(hass, camera_entry)
    assert [e.data["kind"] for e in _of_check(events)] == ["started_failing"]
    drift_entity = entity_id_for(entity_registry, camera_entry, "event", "policy_drift")
    assert hass.states.get(drift_entity).attributes["event_type"] == "started_failing"  # type: ignore[union-attr]
    assert _issue(hass, camera_entry) is not None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_recheck_fix_flow(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    result = await _fix(hass, camera_entry, "recheck")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "still_failing"
    assert _issue(hass, camera_entry) is not None
    synced(onvif_camera, True)
    result = await _fix(hass, camera_entry, "recheck")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert _issue(hass, camera_entry) is None


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
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    camera: str,
    data: dict[str, str] | None,
) -> None:
    """A repair whose camera is gone or not loaded (or whose data is stale) aborts with a
    translated reason instead of failing as "unknown error"; the issue is not dropped."""
    assert await async_setup_component(hass, "repairs", {})
    synced(onvif_camera, True)
    await setup_entry(hass, camera_entry)
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
async def test_no_longer_required_check_drops_its_repair(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    assert _issue(hass, camera_entry) is not None
    required = [check_id for check_id in CHECKS if check_id != CHECK]
    hass.config_entries.async_update_entry(
        camera_entry, options={**camera_entry.options, CONF_REQUIRED_CHECKS: required}
    )
    await reload_entry(hass, camera_entry)
    assert _issue(hass, camera_entry) is None
    # Not required: shown as unknown with its status, never as passing.
    state = hass.states.get(entity_id_for(entity_registry, camera_entry, "binary_sensor", CHECK))
    assert state is not None
    assert state.state == "unknown"
    assert state.attributes["status"] == "not_applicable"
