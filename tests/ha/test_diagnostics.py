"""Diagnostics (snapshot) and the no-secrets promise across logs, events and repairs."""

from __future__ import annotations

import json
import logging

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from camsim.camera import SimCamera
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN, EVENT_DRIFT
from custom_components.camera_posture.posture.models import PortMapping

from .helpers import audit_cycle, setup_entry, synced


async def test_diagnostics_snapshot(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    await setup_entry(hass, camera_entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, camera_entry)
    # Duration is wall-clock and the simulator's ports are random; the background feed
    # request may or may not have ended yet: kept out of the snapshot.
    assert diagnostics == snapshot(exclude=props("duration_ms", "open_ports", "feed_outcome"))
    text = json.dumps(diagnostics)
    persona = onvif_camera.persona
    for secret in (*persona.users.values(), persona.serial, persona.mac):
        assert secret not in text

    # Collections of facts come out as plain lists.
    facts = camera_entry.runtime_data.data.facts
    facts.open_ports = frozenset({554, 80})
    facts.router_exposure = (PortMapping(8554, 554, "TCP"),)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, camera_entry)
    assert diagnostics["facts"]["open_ports"] == [80, 554]
    assert diagnostics["facts"]["router_exposure"][0]["external_port"] == 8554


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_no_password_in_logs_events_repairs_or_diagnostics(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    password = onvif_camera.persona.users["admin"]
    assert await async_setup_component(hass, "repairs", {})
    events = async_capture_events(hass, EVENT_DRIFT)
    synced(onvif_camera, True)
    await setup_entry(hass, camera_entry)
    synced(onvif_camera, False)
    await audit_cycle(hass, frozen)
    # A rejected login and an unreachable camera are logged too: still no secret.
    onvif_camera.persona.users["admin"] = "changed-on-camera"
    await audit_cycle(hass, frozen)
    await onvif_camera.stop()
    await audit_cycle(hass, frozen)

    assert events
    issues = [i for (d, _), i in ir.async_get(hass).issues.items() if d == DOMAIN]
    assert issues
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, camera_entry)
    assert len(caplog.records) > 20  # DEBUG really was on
    haystacks = {
        "logs": "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records),
        "events": json.dumps([e.data for e in events]),
        "repairs": json.dumps([(i.translation_placeholders, i.data) for i in issues], default=str),
        "diagnostics": json.dumps(diagnostics),
        "states": json.dumps([s.as_dict() for s in hass.states.async_all()], default=str),
    }
    for where, text in haystacks.items():
        assert password not in text, where
        assert "changed-on-camera" not in text, where
