"""Shared fixtures: simulated cameras over loopback, and Home Assistant's test harness."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

# Import our integration before phacc's `hass` fixture runs, so Home Assistant
# resolves `custom_components` to this repository and not to phacc's own folder.
import custom_components.camera_posture  # noqa: F401
from camsim.camera import SimCamera
from tests.posture.helpers import serving


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Allow real sockets: the tests talk to simulated cameras over loopback.

    phacc still refuses DNS, so nothing can leave the machine by name.
    """


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
