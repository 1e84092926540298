"""Plain HTTP switched off: the control API and the persona option close it entirely.

A real camera with HTTP off (Reolink httpEnable=0) has no plain listener at all; the
web interface and ONVIF answer only over TLS, and what the camera reports says so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp

from camsim.camera import SimCamera
from camsim.cli import _members, _parser
from camsim.control import ControlServer
from camsim.persona import PERSONAS, Persona
from camsim.wsdiscovery import probe_match
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient

from .conftest import generic
from .helpers import onvif_call, refuses


async def _patch(control: ControlServer, body: object) -> dict:
    async with aiohttp.ClientSession() as session, session.patch(control.url("1"), json=body) as r:
        assert r.status == 200
        return await r.json()


@asynccontextmanager
async def controlled(persona: Persona) -> AsyncIterator[tuple[SimCamera, ControlServer]]:
    """A started camera and its control API."""
    camera = SimCamera(persona)
    await camera.start()
    control = ControlServer([camera])
    await control.start()
    try:
        yield camera, control
    finally:
        await control.stop()
        await camera.stop()


async def test_control_api_closes_and_reopens_plain_http() -> None:
    async with controlled(generic()) as (camera, control):
        http_port = camera.http_port
        answer = await _patch(control, {"http_enabled": False})
        assert answer["truth"]["https_only"] is True
        assert answer["persona"]["http_enabled"] is False
        assert "http" not in answer["ports"]
        assert await refuses(camera.host, http_port)
        status, body = await onvif_call(
            camera.host, camera.ports["https"], "GetSystemDateAndTime", tls=True
        )
        assert status == 200
        assert "UTCDateTime" in body
        # ONVIF reports HTTP off, and the XAddr it announces is the HTTPS one.
        user, password = next(iter(camera.persona.users.items()))
        async with aiohttp.ClientSession() as session:
            onvif = OnvifClient(
                HttpClient(session),
                camera.host,
                camera.ports["https"],
                user,
                password,
                scheme="https",
            )
            await onvif.get_system_date_and_time()
            protocols = {p.name: p.enabled for p in await onvif.get_network_protocols()}
        assert protocols["HTTP"] is False
        assert "https://" in probe_match(camera, "urn:uuid:x").decode()
        answer = await _patch(control, {"http_enabled": True})
        assert answer["ports"]["http"] == http_port  # back on the same port
        assert answer["truth"]["https_only"] is False


def test_cli_no_http_option() -> None:
    (member,) = _members(_parser().parse_args(["--persona", "hikvision", "--no-http"]))
    assert member.camera.persona.http_enabled is False
    assert member.camera.enabled_services()[0] == "https"


async def test_reolink_https_only_closes_plain_http() -> None:
    # An RLC-822A with HTTP switched off answers GetNetPort httpEnable=0, httpsEnable=1
    # and serves only TLS (issue 11): Reolink's "HTTPS only" is no redirect.
    async with controlled(PERSONAS["reolink"].persona()) as (camera, control):
        http_port = camera.http_port
        answer = await _patch(control, {"https_only": True})
        assert "http" not in answer["ports"]
        assert await refuses(camera.host, http_port)
        assert camera.web_endpoint == ("https", camera.ports["https"])
