"""The real `axis` client library (used by Home Assistant) talks to the axis persona."""

from __future__ import annotations

import aiohttp
from axis.device import AxisDevice
from axis.models.configuration import Configuration, WebProtocol

from .helpers import outcomes, running


async def test_axis_library_reads_model_and_firmware() -> None:
    # Like Home Assistant's axis integration, the session itself skips certificate checks
    # (cameras use self-signed certificates).
    connector = aiohttp.TCPConnector(ssl=False)
    async with running("axis") as camera, aiohttp.ClientSession(connector=connector) as session:
        username, password = next(iter(camera.persona.users.items()))
        device = AxisDevice(
            Configuration(
                session,
                camera.host,
                port=camera.ports["https"],  # the axis persona is HTTPS-only
                web_proto=WebProtocol.HTTPS,
                username=username,
                password=password,
            )
        )
        await device.vapix.initialize()
        assert device.vapix.product_number == camera.persona.model
        assert device.vapix.firmware_version == camera.persona.firmware
        assert device.vapix.serial_number == camera.persona.serial
        assert device.vapix.params.property_handler["0"].firmware_version == camera.persona.firmware
    assert "failed" not in outcomes(camera)
    assert camera.takeovers == []
