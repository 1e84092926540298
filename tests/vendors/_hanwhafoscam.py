"""Helpers for the Hanwha, Foscam and generic ONVIF adapter tests (not a conftest)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.checks import evaluate
from custom_components.camera_posture.posture.models import Facts, Target


@asynccontextmanager
async def running(persona: str) -> AsyncIterator[SimCamera]:
    """A simulated camera of this persona on 127.0.0.1 (random port) while the block runs."""
    camera = SimCamera(PERSONAS[persona].persona())
    await camera.start()
    try:
        yield camera
    finally:
        await camera.stop()


def target(camera: SimCamera, password: str | None = None) -> Target:
    """The camera's first account, with its real password unless one is given."""
    username, real_password = next(iter(camera.persona.users.items()))
    return Target(
        camera.host, camera.http_port, username, real_password if password is None else password
    )


def observed(facts: Facts) -> dict[str, Any]:
    """Observed value per check id, for the checks the facts could answer."""
    return {
        check_id: result.observed
        for check_id, result in evaluate(facts).items()
        if result.observed is not None
    }


def failed_logins(camera: SimCamera) -> int:
    """How many failed login attempts the camera recorded."""
    return sum(attempt.outcome == "failed" for attempt in camera.logins)
