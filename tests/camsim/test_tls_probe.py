"""Port probes on the HTTPS port (connect, then close) leave the camera serving.

Home Assistant's test harness runs the loop in debug mode and fails a test whose loop
reports an error; a failed TLS handshake must therefore close quietly.
"""

from __future__ import annotations

import asyncio

from .conftest import generic
from .helpers import onvif_call


async def test_probe_on_https_port_is_quiet_and_camera_keeps_serving(start_camera) -> None:
    camera = await start_camera(generic(https_only=True))
    for _ in range(3):
        _, writer = await asyncio.open_connection(camera.host, camera.ports["https"])
        writer.write(b"GET / HTTP/1.0\r\n\r\n")  # plain HTTP on the TLS port
        writer.close()
        await writer.wait_closed()
    status, body = await onvif_call(
        camera.host, camera.ports["https"], "GetSystemDateAndTime", tls=True
    )
    assert status == 200
    assert "UTCDateTime" in body
