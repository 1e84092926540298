"""The engine's ONVIF client against a simulated camera over loopback."""

from __future__ import annotations

import socket

import aiohttp
import pytest

from camsim.camera import SimCamera
from custom_components.camera_posture.posture.audit import audit, detect_vendor
from custom_components.camera_posture.posture.errors import CannotConnect, InvalidAuth
from custom_components.camera_posture.posture.models import Target
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import password_digest
from custom_components.camera_posture.posture.vendors.base import AuditContext, DefaultLoginGuard


def _target(camera: SimCamera, password: str | None = None) -> Target:
    username, real_password = next(iter(camera.persona.users.items()))
    return Target(camera.host, camera.http_port, username, password or real_password)


async def _detection_requests(camera: SimCamera) -> int:
    """Requests vendor detection makes against this camera (one cheap probe per adapter)."""
    async with aiohttp.ClientSession() as session:
        http = HttpClient(session)
        target = Target(camera.host, camera.http_port)
        await detect_vendor(AuditContext(http, target, DefaultLoginGuard()))
        return http.requests


def test_password_digest_matches_ws_security_definition() -> None:
    # Base64(SHA1(nonce + created + password)) computed independently.
    assert password_digest(b"\x00" * 16, "2026-01-01T00:00:00Z", "secret") == (
        "2xZ/Cmnr1KTlt8EvXpFnfAtEYCY="
    )


async def test_audit_reads_identity_despite_clock_skew(onvif_camera: SimCamera) -> None:
    async with aiohttp.ClientSession() as session:
        result = await audit(session, _target(onvif_camera))
    persona = onvif_camera.persona
    assert result.device.manufacturer == persona.manufacturer
    assert result.device.model == persona.model
    assert result.device.firmware == persona.firmware
    assert result.device.serial == persona.serial
    # The camera runs 7 minutes fast; the client must have learned that.
    assert result.clock_offset_s == pytest.approx(persona.clock_skew_s, abs=2)
    # Vendor detection (no adapter matches), then clock and identity over ONVIF.
    assert result.requests == await _detection_requests(onvif_camera) + 2
    assert [attempt.outcome for attempt in onvif_camera.logins] == ["ok"]


async def test_wrong_password_is_invalid_auth_and_tried_once(onvif_camera: SimCamera) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(InvalidAuth):
            await audit(session, _target(onvif_camera, password="wrong"))
    assert [attempt.outcome for attempt in onvif_camera.logins] == ["failed"]


async def test_camera_without_serial_is_identified_by_mac(onvif_camera: SimCamera) -> None:
    onvif_camera.persona.serial = ""
    async with aiohttp.ClientSession() as session:
        result = await audit(session, _target(onvif_camera))
    assert result.device.mac == onvif_camera.persona.mac


async def test_closed_port_is_cannot_connect() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with aiohttp.ClientSession() as session:
        with pytest.raises(CannotConnect):
            await audit(session, Target("127.0.0.1", port, "admin", "x"))
