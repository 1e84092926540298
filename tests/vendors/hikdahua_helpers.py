"""Shared helpers for the Hikvision and Dahua adapter tests (not a conftest on purpose)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from camsim.camera import SimCamera
from camsim.persona import PERSONAS, Persona
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.models import AuditResult, Target
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard


@asynccontextmanager
async def running(name: str, **changes: Any) -> AsyncIterator[SimCamera]:
    """Serve one persona on 127.0.0.1 (random port), with persona fields changed."""
    persona: Persona = PERSONAS[name].persona()
    for key, value in changes.items():
        setattr(persona, key, value)
    camera = SimCamera(persona)
    await camera.start()
    try:
        yield camera
    finally:
        await camera.stop()


def target(camera: SimCamera, username: str | None = None, password: str | None = None) -> Target:
    """A Target for the camera, by default with its first configured account."""
    user = username if username is not None else next(iter(camera.persona.users))
    secret = password if password is not None else camera.persona.users[user]
    return Target(camera.host, camera.http_port, user, secret)


async def run_audit(
    camera: SimCamera,
    username: str | None = None,
    password: str | None = None,
    guard: DefaultLoginGuard | None = None,
) -> AuditResult:
    """One engine audit (vendor auto-detected) over loopback."""
    async with aiohttp.ClientSession() as session:
        return await audit(session, target(camera, username, password), guard=guard)


def observed(result: AuditResult, check_ids: Iterable[str]) -> dict[str, Any]:
    """What the engine's checks observed, per check id (persona.truth() vocabulary)."""
    return {check_id: result.checks[check_id].observed for check_id in check_ids}


def outcomes(camera: SimCamera) -> list[str]:
    """Outcome of every login attempt the camera saw, in order."""
    return [attempt.outcome for attempt in camera.logins]
