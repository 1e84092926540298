"""Fixtures of the simulator tests: persona variants and started cameras."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import pytest_socket

from camsim.camera import SimCamera
from camsim.persona import PERSONAS, Persona


@pytest.fixture
def loopback_subnet() -> None:
    """Allow connecting to all of 127.0.0.0/8 (fleet cameras live on 127.0.0.x).

    phacc allows only 127.0.0.1; pytest-socket accepts networks, and phacc resets
    the allow-list before the next test.
    """
    pytest_socket.socket_allow_hosts(["127.0.0.0/8"], allow_unix_socket=True)


@pytest.fixture
async def start_camera() -> AsyncIterator[Callable[[Persona], Awaitable[SimCamera]]]:
    """Start cameras for a test (on 127.0.0.1, free ports); stop them afterwards."""
    started: list[SimCamera] = []

    async def start(persona: Persona) -> SimCamera:
        camera = SimCamera(persona)
        await camera.start()
        started.append(camera)
        return camera

    yield start
    for camera in started:
        await camera.stop()


def generic(**changes: object) -> Persona:
    """The onvif_generic persona with some fields changed (a test persona)."""
    persona = PERSONAS["onvif_generic"].persona()
    for name, value in changes.items():
        setattr(persona, name, value)
    return persona
