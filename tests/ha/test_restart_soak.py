"""Restart soak: 20 restarts with the camera changing in between; drift fires exactly once.

The camera's state follows a fixed pseudo-random schedule (NTP on/off, anonymous ONVIF
on/off), changed both while Home Assistant runs and while it is down. The expected
drift events are computed from that schedule by a small model of the hysteresis rule
written here (not by the engine's DriftTracker), and compared exactly, in order, with
what the bus and the event entity delivered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN, EVENT_DRIFT

from .helpers import audit_cycle, entity_id_for, setup_entry

RESTARTS = 20
HYSTERESIS = 2
SEED = 20261127


@dataclass
class ModelCheck:
    """The hysteresis rule for a pass/fail check that starts passing."""

    confirmed_pass: bool = True
    pending: bool | None = None
    count: int = 0

    def observe(self, passing: bool) -> str | None:
        """One audit's verdict; the drift kind it confirms, if any."""
        if passing == self.confirmed_pass:
            self.pending, self.count = None, 0
            return None
        self.count = self.count + 1 if self.pending == passing else 1
        self.pending = passing
        if self.count < HYSTERESIS:
            return None
        self.confirmed_pass, self.pending, self.count = passing, None, 0
        return "resolved" if passing else "started_failing"


@dataclass
class CameraModel:
    """What the test did to the camera, and the drifts that must follow."""

    camera: SimCamera
    expected: list[tuple[str, str]]
    ntp: bool = True
    anonymous: bool = False
    confirmed_across_restart: int = 0

    def __post_init__(self) -> None:
        # In the engine's check order: one audit announces its drifts in that order.
        self.checks = {"onvif_anonymous": ModelCheck(), "time_synced": ModelCheck()}

    def change(self, rng: random.Random) -> None:
        """Flip NTP and/or anonymous ONVIF on the simulated camera (or leave them)."""
        self.ntp = rng.random() < 0.5
        self.anonymous = rng.random() < 0.3
        self.camera.persona.ntp = self.ntp
        self.camera.persona.clock_skew_s = 0
        self.camera.persona.onvif_anonymous = self.anonymous

    def audited(self, *, after_start: bool = False) -> None:
        """The integration ran one audit: record the drifts it must announce."""
        verdicts = {"onvif_anonymous": not self.anonymous, "time_synced": self.ntp}
        for check_id, passing in verdicts.items():
            kind = self.checks[check_id].observe(passing)
            if kind is not None:
                self.expected.append((check_id, kind))
                # With hysteresis 2, the first sighting was before the restart.
                self.confirmed_across_restart += after_start


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: HYSTERESIS}])
async def test_drift_neither_lost_nor_repeated_across_restarts(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    hass_storage: dict[str, Any],
) -> None:
    rng = random.Random(SEED)
    model = CameraModel(onvif_camera, expected=[])
    onvif_camera.persona.ntp, onvif_camera.persona.clock_skew_s = True, 0
    await setup_entry(hass, camera_entry)
    model.audited()  # the first audit is the baseline: nothing to announce

    # The generic camera also fails checks from its first audits (telnet, ...): those
    # are announced once too, but this soak is about the two checks it changes.
    bus: list[tuple[str, str]] = []
    hass.bus.async_listen(
        EVENT_DRIFT,
        callback(lambda e: bus.append((e.data["check_id"], e.data["kind"]))),
        callback(lambda data: data["check_id"] in model.checks),
    )
    drift_entity = entity_id_for(entity_registry, camera_entry, "event", "policy_drift")
    fired: list[tuple[str, str, str]] = []

    @callback
    def _entity_changed(event: Event[EventStateChangedData]) -> None:
        # A fire sets a new timestamp; a restart only restores the last one (skipped),
        # and an entity that never fired has no event yet.
        new = event.data["new_state"]
        if event.data["entity_id"] != drift_entity or new is None:
            return
        if new.attributes.get("check_id") not in model.checks or new.state == "unavailable":
            return
        fire = (new.state, new.attributes["check_id"], new.attributes["event_type"])
        if fire not in fired:
            fired.append(fire)

    hass.bus.async_listen(EVENT_STATE_CHANGED, _entity_changed)

    for _ in range(RESTARTS):
        for _ in range(rng.randrange(3)):  # audits while running, camera changing
            if rng.random() < 0.5:
                model.change(rng)
            await audit_cycle(hass, frozen)
            model.audited()
        assert await hass.config_entries.async_unload(camera_entry.entry_id)
        await hass.async_block_till_done()
        # Home Assistant is down: the camera may change; time moves on.
        if rng.random() < 0.5:
            model.change(rng)
        frozen.tick(timedelta(minutes=1))
        await setup_entry(hass, camera_entry)  # the first audit after start
        assert camera_entry.state is ConfigEntryState.LOADED
        model.audited(after_start=True)
        # The drift state was kept in Home Assistant's Store, not in memory.
        assert f"{DOMAIN}.{camera_entry.entry_id}" in hass_storage

    # The schedule must have exercised both kinds of drift on both checks.
    assert {kind for _, kind in model.expected} == {"started_failing", "resolved"}
    assert {check_id for check_id, _ in model.expected} == set(model.checks)
    # ...including changes seen once before a restart and confirmed after it.
    assert model.confirmed_across_restart > 0
    assert bus == model.expected
    assert [(check_id, kind) for _, check_id, kind in fired] == model.expected
    assert onvif_camera.takeovers == []
