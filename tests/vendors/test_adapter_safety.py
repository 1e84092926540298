"""What every adapter owes a camera, per persona: no lockout, no takeover, no false claim."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.camera_posture.posture.audit import audit, detect_vendor
from custom_components.camera_posture.posture.errors import InvalidAuth, LoginLocked
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors.axis import AxisAdapter
from custom_components.camera_posture.posture.vendors.base import (
    AuditContext,
    DefaultLoginGuard,
    VendorAdapter,
)
from custom_components.camera_posture.posture.vendors.reolink import ReolinkAdapter

from .helpers import outcomes, run_audit, running, target


@pytest.mark.parametrize(("adapter", "other"), [(AxisAdapter, "reolink"), (ReolinkAdapter, "axis")])
async def test_detect_says_no_to_other_cameras(adapter: type[VendorAdapter], other: str) -> None:
    async with running(other) as camera, aiohttp.ClientSession() as session:
        ctx = AuditContext(HttpClient(session), target(camera), DefaultLoginGuard())
        assert await adapter.detect(ctx) is False
        assert await detect_vendor(ctx) is not adapter
        assert camera.logins == []


@pytest.mark.parametrize(
    ("persona", "credentials", "logins_per_audit"),
    [
        # Axis signs every request with digest: an audit logs in more than once.
        ("axis", "right", None),
        ("axis", "wrong", None),
        ("axis", "changed_on_camera", None),
        ("axis", "factory", None),
        # Reolink logs in once per audit (and out again), rejected or not.
        ("reolink", "right", 1),
        ("reolink", "wrong", 1),
        ("reolink", "changed_on_camera", 1),
    ],
)
async def test_no_audit_locks_out_or_takes_over(
    persona: str, credentials: str, logins_per_audit: int | None
) -> None:
    async with running(persona) as camera, aiohttp.ClientSession() as session:
        configured = target(camera)
        if credentials == "wrong":
            configured = target(camera, password="not-the-password")
        elif credentials == "changed_on_camera":
            camera.persona.users[configured.username] = "Changed-After-Setup-1"
        elif credentials == "factory":
            configured = target(camera, password="pass")  # Axis's old factory password
        rejected = 0
        for _ in range(3):  # repeated audits, as the coordinator would run them
            try:
                result = await audit(session, configured)
            except InvalidAuth:
                rejected += 1  # each rejection is one attempt
                continue
            assert result.login_failures == 0
        log = outcomes(camera)
        assert log.count("failed") == rejected == (0 if credentials == "right" else 3)
        if logins_per_audit is not None:
            assert len(log) == 3 * logins_per_audit
        assert "locked" not in log
        assert camera.takeovers == []


@pytest.mark.parametrize(
    ("persona", "once_locked", "outcomes_seen"),
    [
        # Dahua's CGI cannot report the lock before a login: the one attempt meets it.
        ("dahua", [(None, InvalidAuth)], ["failed"] * 5 + ["locked"]),
        # Hikvision reports the lock first: even the right password is not sent.
        ("hikvision", [(None, LoginLocked), ("wrong", LoginLocked)], ["failed"] * 5),
    ],
)
async def test_five_failed_audits_lock_and_each_later_audit_sends_at_most_one(
    persona: str,
    once_locked: list[tuple[str | None, type[Exception]]],
    outcomes_seen: list[str],
) -> None:
    async with running(persona) as camera:
        for _ in range(5):
            with pytest.raises(InvalidAuth):
                await run_audit(camera, password="wrong")
        assert camera.is_locked("127.0.0.1")
        for password, raised in once_locked:
            with pytest.raises(raised):
                await run_audit(camera, password=password)
    assert outcomes(camera) == outcomes_seen
    assert camera.takeovers == []
