"""The README's example dashboard and fleet summary work against real set-up cameras."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.template import Template
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import DOMAIN

from .helpers import entry_data, setup_entry

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
    sensor = _load("fleet-summary.yaml")["template"][0]["sensor"][0]
    rendered = Template(sensor["state"], hass).async_render(parse_result=False)
    assert rendered == str(len(failing))


async def test_dashboard_summary_lists_every_failing_check(
    hass: HomeAssistant, camera_entry: MockConfigEntry, other_camera: SimCamera
) -> None:
    await _two_cameras(hass, camera_entry, other_camera)
    dashboard = _load("dashboard.yaml")
    markdown = next(
        card for card in dashboard["views"][0]["sections"][0]["cards"] if card["type"] == "markdown"
    )
    text = Template(markdown["content"], hass).async_render(parse_result=False)
    # Counted per camera, not per failing check (each camera fails several).
    assert f"**{len(_failing_devices(hass))}** of **2** cameras fail the policy." in text
    # Each failing check once; an accepted exception says so.
    on = [
        state.name + (" (accepted exception)" if state.attributes["accepted"] else "")
        for state in hass.states.async_all("binary_sensor")
        if state.state == "on" and state.entity_id.startswith("binary_sensor.")
    ]
    assert on
    assert sorted(
        line.removeprefix("- ") for line in text.splitlines() if line.startswith("- ")
    ) == sorted(on)
