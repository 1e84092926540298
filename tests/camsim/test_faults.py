"""HTTP fault injection: garbled refusals, and HTTPS-only without a TLS listener."""

from __future__ import annotations

import aiohttp

from camsim.faults import GARBAGE
from camsim.persona import PERSONAS

from .conftest import generic


async def test_malformed_camera_garbles_its_refusals_too(start_camera) -> None:
    camera = await start_camera(PERSONAS["dahua"].persona())
    camera.faults.malformed = True
    url = f"http://{camera.host}:{camera.http_port}/cgi-bin/magicBox.cgi?action=getVendor"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        # The 401 keeps its status but loses its challenge: the body is garbage.
        assert response.status == 401
        assert "WWW-Authenticate" not in response.headers
        assert await response.read() == GARBAGE
    assert camera.logins == []


async def test_https_only_without_a_tls_listener_refuses_plain_http(start_camera) -> None:
    # The persona changed behind the camera's back (no resync): never serve plain HTTP.
    camera = await start_camera(generic())
    camera.persona.https_only = True
    url = f"http://{camera.host}:{camera.http_port}/onvif/device_service"
    async with aiohttp.ClientSession() as session, session.post(url, data=b"<x/>") as response:
        assert response.status == 403
        assert await response.text() == "HTTPS required"
