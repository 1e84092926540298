"""The simulator's HTTPS listener: names itself https, survives silent and odd clients."""

from __future__ import annotations

import asyncio
import ssl

import aiohttp

from .conftest import generic


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


_CLOCK = (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
    '<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>'
    "</s:Body></s:Envelope>"
)


async def _still_serves_tls(host: str, port: int) -> bool:
    async with aiohttp.ClientSession() as session:
        url = f"https://{host}:{port}/onvif/device_service"
        async with session.post(url, data=_CLOCK, ssl=_insecure()) as response:
            return response.status == 200 and "UTCDateTime" in await response.text()


async def test_https_site_is_named_https(start_camera) -> None:
    camera = await start_camera(generic(https_only=True))
    https = camera.ports["https"]
    names = [site.name for site in camera._sites.values()]
    assert f"https://{camera.host}:{https}" in names
    assert not any(name.startswith("http://") and name.endswith(f":{https}") for name in names)


async def test_silent_client_does_not_block_stop(start_camera) -> None:
    camera = await start_camera(generic(https_only=True))
    # A client that connects and never starts the handshake.
    reader, writer = await asyncio.open_connection(camera.host, camera.ports["https"])
    await asyncio.sleep(0.05)
    await camera.stop()
    assert await asyncio.wait_for(reader.read(), 5) == b""
    writer.close()


async def test_plain_http_on_the_tls_port_is_closed_quietly(start_camera) -> None:
    camera = await start_camera(generic(https_only=True))
    reader, writer = await asyncio.open_connection(camera.host, camera.ports["https"])
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    await writer.drain()
    assert await asyncio.wait_for(reader.read(), 5) == b""
    writer.close()
    # The listener still serves real TLS clients afterwards.
    assert await _still_serves_tls(camera.host, camera.ports["https"])


async def test_client_hanging_up_after_handshake_leaves_listener_working(start_camera) -> None:
    camera = await start_camera(generic(https_only=True))
    reader, writer = await asyncio.open_connection(
        camera.host, camera.ports["https"], ssl=_insecure()
    )
    # A client that completes the handshake and hangs up without a request.
    writer.close()
    await writer.wait_closed()
    assert reader.at_eof() or await reader.read() == b""
    assert await _still_serves_tls(camera.host, camera.ports["https"])
