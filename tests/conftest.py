"""Shared fixtures: simulated cameras over loopback, and Home Assistant's test harness."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

# Import our integration before phacc's `hass` fixture runs, so Home Assistant
# resolves `custom_components` to this repository and not to phacc's own folder.
import custom_components.camera_posture  # noqa: F401
from camsim.camera import SimCamera
from custom_components.camera_posture.posture import gateway
from tests.posture.helpers import serving


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Allow real sockets: the tests talk to simulated cameras over loopback.

    phacc still refuses DNS, so nothing can leave the machine by name.
    """


@pytest.fixture(autouse=True)
def no_default_gateway(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The machine's routing table stays out of tests: no router search leaves loopback.

    Tests that want a gateway write a route table to the returned path.
    """
    table = tmp_path / "route"
    monkeypatch.setattr(gateway, "ROUTE_TABLE", table)
    return table


@pytest.fixture
async def onvif_camera() -> AsyncIterator[SimCamera]:
    """The onvif_generic persona served on 127.0.0.1 (clock 7 minutes fast)."""
    async with serving("onvif_generic") as camera:
        yield camera


@pytest.fixture
async def hikvision() -> AsyncIterator[SimCamera]:
    """The hikvision persona: 5 failed logins from one client lock it for 30 minutes."""
    async with serving("hikvision") as camera:
        yield camera
