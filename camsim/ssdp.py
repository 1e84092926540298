"""A camera's own SSDP responder (UDP): answers a unicast M-SEARCH when UPnP is on.

Real cameras with UPnP on run a UPnP stack that answers M-SEARCH on UDP 1900;
the posture probe sends one unicast M-SEARCH there. This answers `upnp:rootdevice`
(and `ssdp:all`) with the persona's server string; anything else is ignored.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .camera import SimCamera

_ANSWERED_TARGETS = ("ssdp:all", "upnp:rootdevice")


def ssdp_answer(camera: SimCamera) -> bytes:
    """The camera's M-SEARCH answer (one root device)."""
    persona = camera.persona
    server = persona.ssdp_server or f"Linux UPnP/1.0 {persona.manufacturer}/{persona.model}"
    return (
        "HTTP/1.1 200 OK\r\n"
        "CACHE-CONTROL: max-age=1800\r\n"
        "EXT:\r\n"
        f"LOCATION: http://{camera.host}:{camera.http_port}/upnp/description.xml\r\n"
        f"SERVER: {server}\r\n"
        "ST: upnp:rootdevice\r\n"
        f"USN: uuid:camsim-{persona.serial}::upnp:rootdevice\r\n\r\n"
    ).encode()


class SsdpResponder(asyncio.DatagramProtocol):
    """Answers M-SEARCH datagrams for one camera."""

    def __init__(self, camera: SimCamera) -> None:
        self._camera = camera
        self._transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: Any) -> None:
        text = data.decode("utf-8", "replace")
        if not text.upper().startswith("M-SEARCH") or self._transport is None:
            return
        target = next(
            (
                line.partition(":")[2].strip()
                for line in text.split("\r\n")
                if line.upper().startswith("ST:")
            ),
            "",
        )
        if target in _ANSWERED_TARGETS:
            self._transport.sendto(ssdp_answer(self._camera), addr)
