"""The generic ONVIF persona answers GetDeviceInformation as the real camera it follows.

tests/fixtures/real/milesight/MS-C8165-PE holds a Milesight camera's real answer (see its
SOURCE.md). The engine's own ONVIF client reads that answer, served as published over
loopback, and then the onvif_generic persona: both must give the same identity.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp
from aiohttp import web

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.models import DeviceInfo
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient

from ..posture.helpers import web_app

CAPTURE = Path(__file__).parents[1] / "fixtures/real/milesight/MS-C8165-PE/GetDeviceInformation.xml"


async def _captured_identity(session: aiohttp.ClientSession) -> DeviceInfo:
    async def answer(request: web.Request) -> web.Response:
        # The capture as published, whatever the request (its credentials are not checked).
        return web.Response(body=CAPTURE.read_bytes(), content_type="application/soap+xml")

    async with web_app(post={"/onvif/device_service": answer}) as port:
        client = OnvifClient(HttpClient(session), "127.0.0.1", port, "admin", "unused")
        return await client.get_device_information()


async def test_persona_answers_the_captured_identity() -> None:
    camera = SimCamera(PERSONAS["onvif_generic"].persona())
    await camera.start()
    try:
        async with aiohttp.ClientSession() as session:
            captured = await _captured_identity(session)
            username, password = next(iter(camera.persona.users.items()))
            client = OnvifClient(
                HttpClient(session), camera.host, camera.http_port, username, password
            )
            await client.get_system_date_and_time()  # the persona's clock runs 7 min fast
            simulated = await client.get_device_information()
    finally:
        await camera.stop()
    assert captured == DeviceInfo(
        manufacturer="Milesight Technology Co.,Ltd.",
        model="MS-C8165-PE",
        firmware="61.8.0.3-r8",
        serial="EM82V102329001403",
        hardware_id="V1.0",
    )
    assert simulated == captured
