"""Helpers shared by the vendor adapter tests: personas served over loopback (not a conftest)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from camsim.camera import SimCamera
from camsim.persona import PERSONAS, Persona
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.checks import evaluate
from custom_components.camera_posture.posture.models import AuditResult, Facts, Target
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard

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


@asynccontextmanager
async def running(name: str, **changes: Any) -> AsyncIterator[SimCamera]:
    """Serve one persona on 127.0.0.1 (random port) for the block, with persona fields changed."""
    persona: Persona = PERSONAS[name].persona()
    for key, value in changes.items():
        setattr(persona, key, value)
    camera = SimCamera(persona)
    await camera.start()
    try:
        yield camera
    finally:
        await camera.stop()


def target(camera: SimCamera, *, user: str | None = None, password: str | None = None) -> Target:
    """The camera's first account (or `user`), with its real password unless one is given."""
    first_user, first_password = next(iter(camera.persona.users.items()), ("", ""))
    name = first_user if user is None else user
    secret = camera.persona.users.get(name, first_password) if password is None else password
    return Target(camera.host, camera.http_port, name, secret)


async def run_audit(
    camera: SimCamera,
    *,
    user: str | None = None,
    password: str | None = None,
    guard: DefaultLoginGuard | None = None,
) -> AuditResult:
    """One engine audit (vendor auto-detected) over loopback."""
    async with aiohttp.ClientSession() as session:
        return await audit(session, target(camera, user=user, password=password), guard=guard)


def observed(result: AuditResult | Facts, check_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """What the checks observed, per check id (persona.truth() vocabulary).

    The given checks, or by default every check that could answer (observed not None);
    bare facts are evaluated first.
    """
    checks = evaluate(result) if isinstance(result, Facts) else result.checks
    if check_ids is None:
        return {check_id: c.observed for check_id, c in checks.items() if c.observed is not None}
    return {check_id: checks[check_id].observed for check_id in check_ids}


def truth(camera: SimCamera, check_ids: Iterable[str]) -> dict[str, Any]:
    """The persona's ground truth for these checks."""
    expected = camera.persona.truth()
    return {check_id: expected[check_id] for check_id in check_ids}


def outcomes(camera: SimCamera) -> list[str]:
    """Outcome of every login attempt the camera saw, in order."""
    return [attempt.outcome for attempt in camera.logins]


def assert_identifies(
    result: AuditResult, camera: SimCamera, vendor: str, *, mac: bool = True
) -> None:
    """The audit named the vendor and the persona's device (its MAC too, unless `mac=False`)."""
    persona, device = camera.persona, result.device
    assert result.facts.vendor == vendor
    assert (device.manufacturer, device.model, device.firmware, device.serial) == (
        persona.manufacturer,
        persona.model,
        persona.firmware,
        persona.serial,
    )
    if mac:
        assert device.mac == persona.mac


def assert_clean_truthful_audit(
    result: AuditResult, camera: SimCamera, vendor: str, check_ids: Iterable[str]
) -> None:
    """The audit read the persona's device and truth for these checks, logging in cleanly.

    Only the checks given: the probes may add others that the adapter does not read.
    """
    assert_identifies(result, camera, vendor)
    assert observed(result, check_ids) == truth(camera, check_ids)
    assert camera.logins
    assert set(outcomes(camera)) == {"ok"}
    assert result.login_failures == 0
    assert camera.takeovers == []
