"""Repairs never outlive their failure: "I fixed it", reloads, restarts."""

from __future__ import annotations

import re

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from camsim.camera import SimCamera
from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN, EVENT_DRIFT

from .helpers import audit_cycle, reload_entry, setup_entry, smartcam_entry


async def test_fixed_drift_does_not_come_back_after_reload(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    smartcam: SimCamera,
) -> None:
    """The walk-through: UPnP drifts, the user fixes it, says so, reloads: no repair."""
    assert await async_setup_component(hass, "repairs", {})
    smartcam.persona.upnp = False
    camera_entry = smartcam_entry(smartcam, {CONF_HYSTERESIS: 3})
    await setup_entry(hass, camera_entry)
    events = async_capture_events(hass, EVENT_DRIFT)
    smartcam.persona.upnp = True
    for _ in range(3):
        await audit_cycle(hass, frozen)
    upnp = issue_id(camera_entry.entry_id, "upnp")
    issue = ir.async_get(hass).async_get_issue(DOMAIN, upnp)
    assert issue is not None
    placeholders = issue.translation_placeholders
    assert placeholders["observed"] == "on"
    assert re.fullmatch(r"off \(\d{4}-\d\d-\d\d \d\d:\d\d\)", placeholders["previous"])
    assert "Observed" not in str(issue.translation_placeholders)

    smartcam.persona.upnp = False
    manager = repairs_flow_manager(hass)
    assert manager is not None
    menu = await manager.async_init(DOMAIN, context={"issue_id": upnp})
    result = await manager.async_configure(menu["flow_id"], {"next_step_id": "recheck"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # One passing audit and the user's word: resolved now, not after two more audits.
    assert [
        (e.data["check_id"], e.data["kind"]) for e in events if e.data["check_id"] == "upnp"
    ] == [
        ("upnp", "started_failing"),
        ("upnp", "resolved"),
    ]
    assert not camera_entry.runtime_data.tracker.is_open("upnp")
    await reload_entry(hass, camera_entry)
    await audit_cycle(hass, frozen)
    assert ir.async_get(hass).async_get_issue(DOMAIN, upnp) is None


async def _upnp_drifted(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, smartcam: SimCamera, hysteresis: int
) -> tuple[MockConfigEntry, str]:
    """The SmartCam set up with UPnP off, then on until its drift (and repair) is confirmed."""
    smartcam.persona.upnp = False
    camera_entry = smartcam_entry(smartcam, {CONF_HYSTERESIS: hysteresis})
    await setup_entry(hass, camera_entry)
    smartcam.persona.upnp = True
    for _ in range(hysteresis):
        await audit_cycle(hass, frozen)
    upnp = issue_id(camera_entry.entry_id, "upnp")
    assert ir.async_get(hass).async_get_issue(DOMAIN, upnp) is not None
    return camera_entry, upnp


async def test_restored_repair_only_while_the_check_fails(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    smartcam: SimCamera,
) -> None:
    """Fixed on the camera without telling anyone: a restart must not re-raise the repair."""
    camera_entry, upnp = await _upnp_drifted(hass, frozen, smartcam, 3)
    smartcam.persona.upnp = False
    await reload_entry(hass, camera_entry)
    # The drift is still open (two more passing audits confirm it), but the check passes.
    assert camera_entry.runtime_data.tracker.is_open("upnp")
    assert ir.async_get(hass).async_get_issue(DOMAIN, upnp) is None
    # Failing again before the resolution was confirmed: the repair comes back.
    smartcam.persona.upnp = True
    await reload_entry(hass, camera_entry)
    assert ir.async_get(hass).async_get_issue(DOMAIN, upnp) is not None


async def test_repair_follows_the_verdict_between_audits(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, smartcam: SimCamera
) -> None:
    """While a resolution is being confirmed the repair is gone; a relapse brings it back."""
    camera_entry, upnp = await _upnp_drifted(hass, frozen, smartcam, 2)
    smartcam.persona.upnp = False
    await audit_cycle(hass, frozen)
    assert camera_entry.runtime_data.tracker.is_open("upnp")
    assert ir.async_get(hass).async_get_issue(DOMAIN, upnp) is None
    smartcam.persona.upnp = True
    await audit_cycle(hass, frozen)
    assert ir.async_get(hass).async_get_issue(DOMAIN, upnp) is not None
