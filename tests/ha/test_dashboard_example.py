"""The README's example dashboard and fleet summary work against real set-up cameras."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.template import Template
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import DOMAIN

from .helpers import audit_cycle, entry_data, setup_entry

DOCS = Path(__file__).parents[2] / "docs"


def _load(name: str) -> Any:
    return yaml.safe_load((DOCS / name).read_text(encoding="utf-8"))


def _failing_devices(hass: HomeAssistant) -> set[str]:
    """The oracle: devices with at least one problem binary sensor on."""
    registry = er.async_get(hass)
    return {
        entry.device_id
        for entry in registry.entities.values()
        if entry.platform == DOMAIN
        and entry.domain == "binary_sensor"
        and entry.translation_key != "reachability"
        and entry.device_id
        and hass.states.is_state(entry.entity_id, "on")
    }


async def _two_cameras(
    hass: HomeAssistant, camera_entry: MockConfigEntry, other_camera: SimCamera
) -> None:
    await setup_entry(hass, camera_entry)
    # The second camera has its telnet closed: it fails fewer checks.
    other_camera.persona.telnet = False
    await other_camera.sync_services()
    other = MockConfigEntry(
        domain=DOMAIN,
        title="Other camera",
        unique_id=other_camera.persona.serial.lower(),
        data=entry_data(other_camera),
    )
    await setup_entry(hass, other)


async def test_dashboard_names_only_entities_that_exist(
    hass: HomeAssistant, camera_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, camera_entry)
    dashboard = _load("dashboard.yaml")
    cards = [
        card
        for view in dashboard["views"]
        for section in view["sections"]
        for card in section["cards"]
    ]
    tiles = [card["entity"] for card in cards if card["type"] == "tile"]
    assert len(tiles) >= 10
    for entity_id in tiles:
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert state.state != "unavailable", entity_id


async def test_fleet_summary_counts_failing_cameras(
    hass: HomeAssistant, camera_entry: MockConfigEntry, other_camera: SimCamera
) -> None:
    await _two_cameras(hass, camera_entry, other_camera)
    failing = _failing_devices(hass)
    assert failing  # the generic camera's telnet is open and its clock 7 minutes fast
    assert _fleet_summary(hass) == {
        "Cameras failing policy": str(len(failing)),
        "Cameras unreachable": "0",
    }


def _fleet_summary(hass: HomeAssistant) -> dict[str, str]:
    return {
        sensor["name"]: Template(sensor["state"], hass).async_render(parse_result=False).strip()
        for sensor in _load("fleet-summary.yaml")["template"][0]["sensor"]
    }


def _dashboard_summary(hass: HomeAssistant) -> str:
    dashboard = _load("dashboard.yaml")
    markdown = next(
        card for card in dashboard["views"][0]["sections"][0]["cards"] if card["type"] == "markdown"
    )
    return Template(markdown["content"], hass).async_render(parse_result=False)


async def test_dashboard_summary_lists_every_failing_check(
    hass: HomeAssistant, camera_entry: MockConfigEntry, other_camera: SimCamera
) -> None:
    await _two_cameras(hass, camera_entry, other_camera)
    text = _dashboard_summary(hass)
    # Counted per camera, not per failing check (each camera fails several).
    failing = len(_failing_devices(hass))
    assert f"**{failing}** of **2** cameras fail the policy, **0** unreachable." in text
    # Each failing check once; an accepted exception says so.
    on = [
        state.name + (" (accepted exception)" if state.attributes.get("accepted") else "")
        for state in hass.states.async_all("binary_sensor")
        if state.state == "on"
    ]
    assert on
    assert sorted(
        line.removeprefix("- ") for line in text.splitlines() if line.startswith("- ")
    ) == sorted(on)


async def test_unreachable_camera_stays_counted_with_its_stale_findings(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    camera_entry: MockConfigEntry,
    other_camera: SimCamera,
) -> None:
    await _two_cameras(hass, camera_entry, other_camera)
    failing_before = _failing_devices(hass)
    other_failing = [
        state.name
        for state in hass.states.async_all("binary_sensor")
        if state.state == "on" and state.entity_id.startswith("binary_sensor.other_camera_")
    ]
    assert "Other camera Time sync" in other_failing
    await other_camera.stop()
    await audit_cycle(hass, frozen)
    # Its check sensors are unavailable now, as Home Assistant wants...
    assert hass.states.get("binary_sensor.other_camera_time_sync").state == "unavailable"  # type: ignore[union-attr]
    # ...yet it is still counted, and said to be unreachable.
    assert _fleet_summary(hass) == {
        "Cameras failing policy": str(len(failing_before)),
        "Cameras unreachable": "1",
    }
    text = _dashboard_summary(hass)
    assert f"**{len(failing_before)}** of **2** cameras fail the policy, **1** unreachable." in text
    (line,) = [line for line in text.splitlines() if "unreachable (" in line]
    assert line.startswith("- Other camera is unreachable (last audit 2026-11-27 04:00).")
    assert line.endswith(f"Last known, stale: {', '.join(other_failing)}")
