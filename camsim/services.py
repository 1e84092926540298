"""Plain TCP services of a camera: accept, send a short banner, close.

Telnet, SSH, FTP and vendor SDK ports only need to be *open* for a posture probe
(and show a banner to fingerprint); no shell or file transfer is simulated.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

    from .camera import SimCamera

# Banner per service name; services not listed (vendor ports) send nothing.
DEFAULT_BANNERS = {
    "telnet": "\r\nlogin: ",
    "ssh": "SSH-2.0-dropbear\r\n",
    "ftp": "220 FTP server ready.\r\n",
}


def banner_for(camera: SimCamera, service: str) -> bytes:
    """The bytes the camera sends when a client connects to `service`."""
    text = camera.persona.banners.get(service, DEFAULT_BANNERS.get(service, ""))
    return text.encode()


def banner_handler(
    camera: SimCamera, service: str
) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Coroutine[Any, Any, None]]:
    """A connection handler that sends the service's banner and hangs up."""

    async def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if camera.faults.slow_s > 0:
                await asyncio.sleep(camera.faults.slow_s)
            writer.write(banner_for(camera, service))
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    return handle
