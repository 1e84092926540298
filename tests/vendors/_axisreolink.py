"""Shared helpers for the Axis and Reolink tests: a persona served over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.models import AuditResult, Target

# Checks whose facts the Axis and Reolink adapters fill (ids as in Persona.truth()).
AXIS_CHECKS = (
    "default_password",
    "cloud_access",
    "upnp",
    "ssh",
    "https_only",
    "rtsp_anonymous",
    "time_synced",
)
REOLINK_CHECKS = ("default_password", "cloud_access", "upnp", "https_only", "time_synced")


def observed(result: AuditResult, check_ids: tuple[str, ...]) -> dict[str, Any]:
    """What the audit observed for these checks."""
    return {check_id: result.checks[check_id].observed for check_id in check_ids}


def truth(camera: SimCamera, check_ids: tuple[str, ...]) -> dict[str, Any]:
    """The persona's ground truth for these checks."""
    expected = camera.persona.truth()
    return {check_id: expected[check_id] for check_id in check_ids}


@asynccontextmanager
async def running(persona: str) -> AsyncIterator[SimCamera]:
    """Serve one persona on 127.0.0.1 (random port) for the duration of the block."""
    camera = SimCamera(PERSONAS[persona].persona())
    await camera.start()
    try:
        yield camera
    finally:
        await camera.stop()


def target(camera: SimCamera, password: str | None = None, user: str | None = None) -> Target:
    """Credentials of the persona's first account (or the given ones) for an audit."""
    username, real_password = next(iter(camera.persona.users.items()), ("", ""))
    return Target(
        camera.host,
        camera.http_port,
        user if user is not None else username,
        real_password if password is None else password,
    )


def outcomes(camera: SimCamera) -> list[str]:
    """The camera's login log as a list of outcomes."""
    return [attempt.outcome for attempt in camera.logins]
