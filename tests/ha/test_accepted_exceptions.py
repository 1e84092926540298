"""Accepted exceptions: confirmed before a serious one is accepted, visible, revocable."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
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

from .helpers import audit_cycle, device_id_for, drift_out_of_sync, entity_id_for

CHECK = "time_synced"
CRITICAL = {CONF_HYSTERESIS: 1, CONF_SEVERITIES: {CHECK: "critical"}}


def _issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, issue_id(entry.entry_id, CHECK))


def _attributes(
    hass: HomeAssistant, registry: er.EntityRegistry, entry: MockConfigEntry
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    problem = hass.states.get(entity_id_for(registry, entry, "binary_sensor", CHECK))
    failing = hass.states.get(entity_id_for(registry, entry, "sensor", "failing_checks"))
    assert problem is not None
    assert failing is not None
    return problem.state, dict(problem.attributes), dict(failing.attributes)


async def _open_accept(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    manager = repairs_flow_manager(hass)
    assert manager is not None
    menu = await manager.async_init(DOMAIN, context={"issue_id": issue_id(entry.entry_id, CHECK)})
    return await manager.async_configure(menu["flow_id"], {"next_step_id": "accept"})


@pytest.mark.parametrize("options", [CRITICAL])
async def test_a_critical_finding_is_accepted_only_after_confirmation(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    assert _issue(hass, camera_entry) is not None
    state, problem, failing = _attributes(hass, entity_registry, camera_entry)
    assert (state, problem["accepted"], problem["accepted_values"]) == ("on", False, [])
    assert CHECK not in failing["accepted"]

    confirm = await _open_accept(hass, camera_entry)
    # A form that explains what accepting means; nothing accepted yet.
    assert confirm["type"] is FlowResultType.FORM
    assert confirm["step_id"] == "accept"
    assert confirm["description_placeholders"]["severity"] == "critical"
    assert camera_entry.runtime_data.tracker.baseline(CHECK) == []
    assert _issue(hass, camera_entry) is not None

    manager = repairs_flow_manager(hass)
    assert manager is not None
    done = await manager.async_configure(confirm["flow_id"], {})
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert _issue(hass, camera_entry) is None
    # Still a problem on the camera, and shown as an accepted exception.
    state, problem, failing = _attributes(hass, entity_registry, camera_entry)
    assert (state, problem["accepted"], problem["accepted_values"]) == ("on", True, [False])
    assert CHECK in failing["accepted"]


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_a_low_finding_is_accepted_in_one_step(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    done = await _open_accept(hass, camera_entry)
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert camera_entry.runtime_data.tracker.baseline(CHECK) == [False]


@pytest.mark.parametrize("options", [CRITICAL])
async def test_the_accept_action_needs_confirm_for_a_critical_finding(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    call = {ATTR_DEVICE_ID: device_id_for(device_registry, camera_entry), "check_id": CHECK}
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(DOMAIN, "accept_baseline", call, blocking=True)
    assert err.value.translation_key == "accept_needs_confirm"
    assert err.value.translation_placeholders == {"check": CHECK, "severity": "critical"}
    assert camera_entry.runtime_data.tracker.baseline(CHECK) == []
    await hass.services.async_call(
        DOMAIN, "accept_baseline", call | {"confirm": True}, blocking=True
    )
    assert camera_entry.runtime_data.tracker.baseline(CHECK) == [False]
    assert _issue(hass, camera_entry) is None


@pytest.mark.parametrize("options", [CRITICAL])
async def test_options_list_accepted_values_and_revoke_them(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    call = {ATTR_DEVICE_ID: device_id_for(device_registry, camera_entry), "check_id": CHECK}
    await hass.services.async_call(
        DOMAIN, "accept_baseline", call | {"confirm": True}, blocking=True
    )
    assert _issue(hass, camera_entry) is None

    result = await hass.config_entries.options.async_init(camera_entry.entry_id)
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
    assert CONF_REVOKE not in camera_entry.options
    await hass.async_block_till_done()
    # Judged again: the camera still fails with that value, so the repair is back.
    assert _issue(hass, camera_entry) is not None
    coordinator = camera_entry.runtime_data
    assert coordinator.tracker.baseline(CHECK) == []
    # A value that is not accepted (any more) changes nothing.
    assert not await coordinator.async_revoke(CHECK, False)
    assert coordinator.tracker.is_open(CHECK)
    state, problem, failing = _attributes(hass, entity_registry, camera_entry)
    assert (state, problem["accepted"]) == ("on", False)
    assert CHECK not in failing["accepted"]
    # No longer listed as accepted.
    result = await hass.config_entries.options.async_init(camera_entry.entry_id)
    assert f"- {label}" not in result["description_placeholders"]["accepted"].splitlines()
    await audit_cycle(hass, frozen)
    assert _issue(hass, camera_entry) is not None
