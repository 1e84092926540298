"""Repairs never outlive their failure: "I fixed it", reloads, restarts."""

from __future__ import annotations

import re

import pytest
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN, EVENT_DRIFT

from .helpers import Rig


@pytest.fixture
def rig(smartcam_rig: Rig) -> Rig:
    """The SmartCam, whose UPnP switch these tests turn."""
    return smartcam_rig


def _upnp_issue(rig: Rig) -> ir.IssueEntry | None:
    return ir.async_get(rig.hass).async_get_issue(DOMAIN, issue_id(rig.entry.entry_id, "upnp"))


async def _upnp_drifted(rig: Rig) -> None:
    """The SmartCam set up with UPnP off, then on until its drift (and repair) is confirmed."""
    rig.camera.persona.upnp = False
    await rig.setup()
    rig.camera.persona.upnp = True
    await rig.audits(rig.entry.options[CONF_HYSTERESIS])
    assert _upnp_issue(rig) is not None


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 3}])
async def test_fixed_drift_does_not_come_back_after_reload(hass: HomeAssistant, rig: Rig) -> None:
    """The walk-through: UPnP drifts, the user fixes it, says so, reloads: no repair."""
    assert await async_setup_component(hass, "repairs", {})
    events = async_capture_events(hass, EVENT_DRIFT)
    await _upnp_drifted(rig)
    issue = _upnp_issue(rig)
    assert issue is not None
    placeholders = issue.translation_placeholders
    assert placeholders["observed"] == "on"
    assert re.fullmatch(r"off \(\d{4}-\d\d-\d\d \d\d:\d\d\)", placeholders["previous"])
    assert "Observed" not in str(issue.translation_placeholders)

    rig.camera.persona.upnp = False
    manager = repairs_flow_manager(hass)
    assert manager is not None
    menu = await manager.async_init(DOMAIN, context={"issue_id": issue.issue_id})
    result = await manager.async_configure(menu["flow_id"], {"next_step_id": "recheck"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # One passing audit and the user's word: resolved now, not after two more audits.
    assert [
        (e.data["check_id"], e.data["kind"]) for e in events if e.data["check_id"] == "upnp"
    ] == [
        ("upnp", "started_failing"),
        ("upnp", "resolved"),
    ]
    assert not rig.coordinator.tracker.is_open("upnp")
    await rig.reload()
    await rig.audits()
    assert _upnp_issue(rig) is None


@pytest.mark.parametrize(
    ("options", "then"),
    [
        # Fixed on the camera without telling anyone: a restart must not re-raise the repair.
        ({CONF_HYSTERESIS: 3}, "restart"),
        # While a resolution is being confirmed the repair is gone; a relapse brings it back.
        ({CONF_HYSTERESIS: 2}, "audit"),
    ],
)
async def test_repair_only_while_the_check_fails(rig: Rig, then: str) -> None:
    """Between a fix and its confirmation the repair follows the verdict, restart or audit."""
    await _upnp_drifted(rig)
    step = rig.reload if then == "restart" else rig.audits
    rig.camera.persona.upnp = False
    await step()
    # The drift is still open (more passing audits confirm it), but the check passes.
    assert rig.coordinator.tracker.is_open("upnp")
    assert _upnp_issue(rig) is None
    # Failing again before the resolution was confirmed: the repair comes back.
    rig.camera.persona.upnp = True
    await step()
    assert _upnp_issue(rig) is not None
