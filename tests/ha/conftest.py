"""Fixtures for the Home Assistant tests: a configured entry for the simulated camera."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from custom_components.camera_posture import catalog_feed, discovery
from custom_components.camera_posture.const import (
    CONF_AUDIT_INTERVAL,
    CONF_HYSTERESIS,
)
from custom_components.camera_posture.posture.probes import upnp as upnp_probe
from tests.posture.helpers import closed_port, closed_udp_port, serving

from .helpers import Rig, sim_entry

FROZEN_AT = "2026-11-27T12:00:00+00:00"


@pytest.fixture(autouse=True)
def probe_nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background WS-Discovery Probes go to a closed loopback port, never to the LAN.

    They wait for no answer either: with a frozen clock an asyncio.sleep never ends, and
    tests that wait for background tasks would hang (tests/ha/test_ws_discovery.py waits).
    """
    monkeypatch.setattr(discovery, "PROBE_ADDRESS", ("127.0.0.1", closed_udp_port()))
    monkeypatch.setattr(discovery, "PROBE_WAIT_S", 0)
    # The audit's SSDP probe likewise: no waiting for a silent camera under a frozen clock.
    monkeypatch.setattr(upnp_probe, "SSDP_WAIT_S", 0)


@pytest.fixture(autouse=True)
def feed_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog feed asks a closed loopback port, never the internet.

    Every test then runs on the bundled catalog; tests/ha/test_catalog_feed.py serves
    real feeds from loopback.
    """
    monkeypatch.setattr(catalog_feed, "CATALOG_URL", f"http://127.0.0.1:{closed_port()}/c.json")


@pytest.fixture
def frozen(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """A fixed clock, so snapshots and timestamps are stable (camera clock follows it)."""
    freezer.move_to(FROZEN_AT)
    return freezer


@pytest.fixture
def options() -> dict[str, Any]:
    """Entry options (tests override)."""
    return {CONF_AUDIT_INTERVAL: 10, CONF_HYSTERESIS: 2}


@pytest.fixture
def camera_entry(onvif_camera: SimCamera, options: dict[str, Any]) -> MockConfigEntry:
    """A config entry for the onvif_generic simulated camera."""
    return sim_entry(onvif_camera, "Milesight Technology Co.,Ltd. MS-C8165-PE", options)


@pytest.fixture
def rig(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
) -> Rig:
    """The onvif_generic camera's entry (not set up yet: tests change the camera first)."""
    return Rig(hass, frozen, onvif_camera, camera_entry)


@pytest.fixture
def platforms() -> list[Platform] | None:
    """Platforms to load (None: all). Snapshot tests load one at a time."""
    return None


@pytest.fixture
def only_platforms(platforms: list[Platform] | None) -> Iterator[None]:
    """Restrict the integration to the chosen platforms."""
    if platforms is None:
        yield
        return
    with patch("custom_components.camera_posture.PLATFORMS", platforms):
        yield


@pytest.fixture
async def other_camera() -> AsyncIterator[SimCamera]:
    """A second onvif_generic camera with another serial number."""
    persona = PERSONAS["onvif_generic"].persona()
    persona.serial = "OTHER0000000001"
    camera = SimCamera(persona)
    await camera.start()
    yield camera
    await camera.stop()


class _PortlessSnapshotExtension(HomeAssistantSnapshotExtension):
    """Home Assistant's format, with the test's random loopback ports masked.

    Evidence names the port it probed ("TCP 23 refused the connection"); in tests
    those are free ports picked per run, so a snapshot keeps only the protocol.
    """

    def serialize(self, data: Any, **kwargs: Any) -> Any:
        text = super().serialize(data, **kwargs)
        return re.sub(r"\b(TCP|UDP) \d+", r"\1 <port>", text) if isinstance(text, str) else text


@pytest.fixture
async def smartcam() -> AsyncIterator[SimCamera]:
    """Samsung SmartCam on its factory login admin/4321 (cloud on, old firmware, UPnP on)."""
    async with serving("hanwha_smartcam") as camera:
        yield camera


@pytest.fixture
def smartcam_rig(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, smartcam: SimCamera, options: dict[str, Any]
) -> Rig:
    """The SmartCam's entry, titled "SmartCam" (not set up yet)."""
    return Rig(hass, frozen, smartcam, sim_entry(smartcam, "SmartCam", options))


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format (stable ids, readable states)."""
    return snapshot.use_extension(_PortlessSnapshotExtension)
