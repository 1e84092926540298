"""Hostile-camera fixtures: short request timeouts so a misbehaving camera costs seconds."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from camsim.hostile import Fault, HostileCamera
from custom_components.camera_posture.posture.transport import http

# A hang guard, not a speed assertion: far above what the short timeouts allow.
HANG_GUARD_S = 60.0


@pytest.fixture(autouse=True)
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Audits in these tests use 2 s request timeouts instead of the default 10 s."""
    monkeypatch.setattr(http, "DEFAULT_TIMEOUT", aiohttp.ClientTimeout(total=2, sock_connect=1))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """One client session, as the integration shares Home Assistant's."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def hostile(request: pytest.FixtureRequest) -> AsyncIterator[HostileCamera]:
    """A hostile camera on 127.0.0.1 with the fault given by indirect parametrisation."""
    async with HostileCamera(Fault(request.param), drip_interval_s=0.1) as camera:
        yield camera
