"""Accepted exceptions: confirmed before a serious one is accepted, visible, revocable."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component

from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import (
    CONF_ACTIVE_PROBING,
    CONF_AUDIT_INTERVAL,
    CONF_HYSTERESIS,
    CONF_REQUIRED_CHECKS,
    CONF_SEVERITIES,
    DOMAIN,
)
from custom_components.camera_posture.options_flow import CONF_REVOKE
from custom_components.camera_posture.posture.checks import CHECKS

from .helpers import Rig

CHECK = "time_synced"
CRITICAL = {CONF_HYSTERESIS: 1, CONF_SEVERITIES: {CHECK: "critical"}}


def _issue(rig: Rig) -> ir.IssueEntry | None:
    return ir.async_get(rig.hass).async_get_issue(DOMAIN, issue_id(rig.entry.entry_id, CHECK))


def _attributes(rig: Rig) -> tuple[str, dict[str, Any], dict[str, Any]]:
    problem = rig.state("binary_sensor", CHECK)
    failing = rig.state("sensor", "failing_checks")
    return problem.state, dict(problem.attributes), dict(failing.attributes)


async def _open_accept(rig: Rig) -> dict[str, Any]:
    manager = repairs_flow_manager(rig.hass)
    assert manager is not None
    key = issue_id(rig.entry.entry_id, CHECK)
    menu = await manager.async_init(DOMAIN, context={"issue_id": key})
    return await manager.async_configure(menu["flow_id"], {"next_step_id": "accept"})


async def _accept_confirmed(rig: Rig) -> None:
    """Accept the drifted check through the action, confirming it."""
    call = {ATTR_DEVICE_ID: rig.device_id(), "check_id": CHECK, "confirm": True}
    await rig.hass.services.async_call(DOMAIN, "accept_baseline", call, blocking=True)


@pytest.mark.parametrize("options", [CRITICAL])
async def test_a_critical_finding_is_accepted_only_after_confirmation(
    hass: HomeAssistant, rig: Rig
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    await rig.drift_out_of_sync()
    assert _issue(rig) is not None
    state, problem, failing = _attributes(rig)
    assert (state, problem["accepted"], problem["accepted_values"]) == ("on", False, [])
    assert CHECK not in failing["accepted"]

    confirm = await _open_accept(rig)
    # A form that explains what accepting means; nothing accepted yet.
    assert confirm["type"] is FlowResultType.FORM
    assert confirm["step_id"] == "accept"
    assert confirm["description_placeholders"]["severity"] == "critical"
    assert rig.coordinator.tracker.baseline(CHECK) == []
    assert _issue(rig) is not None

    manager = repairs_flow_manager(hass)
    assert manager is not None
    done = await manager.async_configure(confirm["flow_id"], {})
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert _issue(rig) is None
    # Still a problem on the camera, and shown as an accepted exception.
    state, problem, failing = _attributes(rig)
    assert (state, problem["accepted"], problem["accepted_values"]) == ("on", True, [False])
    assert CHECK in failing["accepted"]


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_a_low_finding_is_accepted_in_one_step(hass: HomeAssistant, rig: Rig) -> None:
    assert await async_setup_component(hass, "repairs", {})
    await rig.drift_out_of_sync()
    done = await _open_accept(rig)
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert rig.coordinator.tracker.baseline(CHECK) == [False]


@pytest.mark.parametrize("options", [CRITICAL])
async def test_the_accept_action_needs_confirm_for_a_critical_finding(
    hass: HomeAssistant, rig: Rig
) -> None:
    await rig.drift_out_of_sync()
    call = {ATTR_DEVICE_ID: rig.device_id(), "check_id": CHECK}
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(DOMAIN, "accept_baseline", call, blocking=True)
    assert err.value.translation_key == "accept_needs_confirm"
    assert err.value.translation_placeholders == {"check": CHECK, "severity": "critical"}
    assert rig.coordinator.tracker.baseline(CHECK) == []
    await _accept_confirmed(rig)
    assert rig.coordinator.tracker.baseline(CHECK) == [False]
    assert _issue(rig) is None


@pytest.mark.parametrize("options", [CRITICAL])
async def test_options_list_accepted_values_and_revoke_them(hass: HomeAssistant, rig: Rig) -> None:
    await rig.drift_out_of_sync()
    await _accept_confirmed(rig)
    assert _issue(rig) is None

    result = await hass.config_entries.options.async_init(rig.entry.entry_id)
    label = f"{CHECKS[CHECK].fail_summary}: false"
    assert f"- {label}" in result["description_placeholders"]["accepted"].splitlines()
    fields = {str(key) for key in result["data_schema"].schema}
    assert CONF_REVOKE in fields
    severities = {check_id: str(spec.severity) for check_id, spec in CHECKS.items()}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_REQUIRED_CHECKS: list(CHECKS),
            CONF_AUDIT_INTERVAL: 10,
            CONF_HYSTERESIS: 1,
            CONF_ACTIVE_PROBING: False,
            CONF_SEVERITIES: severities | {CHECK: "critical"},
            CONF_REVOKE: [f"{CHECK}|false"],
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # The revocation is not an option; the policy itself did not change.
    assert CONF_REVOKE not in rig.entry.options
    await hass.async_block_till_done()
    # Judged again: the camera still fails with that value, so the repair is back.
    assert _issue(rig) is not None
    coordinator = rig.coordinator
    assert coordinator.tracker.baseline(CHECK) == []
    # A value that is not accepted (any more) changes nothing.
    assert not await coordinator.async_revoke(CHECK, False)
    assert coordinator.tracker.is_open(CHECK)
    state, problem, failing = _attributes(rig)
    assert (state, problem["accepted"]) == ("on", False)
    assert CHECK not in failing["accepted"]
    # No longer listed as accepted.
    result = await hass.config_entries.options.async_init(rig.entry.entry_id)
    assert f"- {label}" not in result["description_placeholders"]["accepted"].splitlines()
    await rig.audits()
    assert _issue(rig) is not None
