"""WS-Discovery responder: a simulated ONVIF camera answering Probe messages on UDP.

A real ONVIF camera listens on UDP 3702 (multicast 239.255.255.250) and answers a
Probe for `NetworkVideoTransmitter` with a ProbeMatches naming its device-service
address (XAddrs), its scopes (name, hardware) and a stable endpoint UUID. Tests bind
the responder to the camera's address on a free port and send the Probe unicast.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from defusedxml import ElementTree
from yarl import URL

from .onvif import DEVICE_SERVICE

if TYPE_CHECKING:
    from .camera import SimCamera

WSD_PORT = 3702
_NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "d": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
}
_PROBE_ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"
# Probes are small; anything larger is not a Probe this responder answers.
_MAX_PROBE = 8192


def endpoint_uuid(camera: SimCamera) -> str:
    """The camera's WS-Discovery identity: stable for one persona's serial number."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_OID, camera.persona.serial)}"


def probe_match(camera: SimCamera, relates_to: str) -> bytes:
    """The ProbeMatches envelope this camera sends in answer to one Probe."""
    persona = camera.persona
    scheme, port = camera.web_endpoint
    xaddr = str(URL.build(scheme=scheme, host=camera.host, port=port, path=DEVICE_SERVICE))
    scopes = " ".join(
        f"onvif://www.onvif.org/{key}/{quote(value)}"
        for key, value in (
            ("type", "video_encoder"),
            ("name", persona.manufacturer),
            ("hardware", persona.model),
        )
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{_NS["s"]}" xmlns:a="{_NS["a"]}" xmlns:d="{_NS["d"]}" '
        'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
        "<s:Header>"
        f"<a:MessageID>urn:uuid:{uuid.uuid4()}</a:MessageID>"
        f"<a:RelatesTo>{escape(relates_to)}</a:RelatesTo>"
        "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
        "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action>"
        "</s:Header><s:Body><d:ProbeMatches><d:ProbeMatch>"
        f"<a:EndpointReference><a:Address>{endpoint_uuid(camera)}</a:Address>"
        "</a:EndpointReference>"
        "<d:Types>dn:NetworkVideoTransmitter</d:Types>"
        f"<d:Scopes>{escape(scopes)}</d:Scopes>"
        f"<d:XAddrs>{escape(xaddr)}</d:XAddrs>"
        "<d:MetadataVersion>1</d:MetadataVersion>"
        "</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
    ).encode()


def probe_message_id(data: bytes) -> str | None:
    """The MessageID of a Probe for video transmitters (or for any type), else None."""
    if len(data) > _MAX_PROBE:
        return None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError, ValueError:
        return None
    action = root.findtext("s:Header/a:Action", "", _NS).strip()
    probe = root.find("s:Body/d:Probe", _NS)
    if action != _PROBE_ACTION or probe is None:
        return None
    types = probe.findtext("d:Types", "", _NS)
    if types and "NetworkVideoTransmitter" not in types:
        return None
    return root.findtext("s:Header/a:MessageID", "", _NS).strip() or None


class WsDiscoveryResponder(asyncio.DatagramProtocol):
    """Answers Probes for one camera while it is online and speaks ONVIF."""

    def __init__(self, camera: SimCamera) -> None:
        """Answer for `camera`; `probes` counts the Probes received."""
        self.camera = camera
        self.probes = 0
        self._transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the socket to answer on."""
        assert isinstance(transport, asyncio.DatagramTransport)
        self._transport = transport

    def datagram_received(self, data: bytes, addr: Any) -> None:
        """Answer a Probe; ignore anything else, as a camera does."""
        message_id = probe_message_id(data)
        if message_id is None or self._transport is None:
            return
        self.probes += 1
        camera = self.camera
        # ONVIF is served on the web interface: plain HTTP, or HTTPS when that is off.
        if camera.faults.online and camera.persona.onvif and camera.web_endpoint[1]:
            self._transport.sendto(probe_match(camera, message_id), addr)


async def start_responder(
    camera: SimCamera, port: int = 0
) -> tuple[asyncio.DatagramTransport, WsDiscoveryResponder]:
    """Bind a responder on the camera's address (port 0: a free one; 3702 is standard)."""
    transport, responder = await asyncio.get_running_loop().create_datagram_endpoint(
        lambda: WsDiscoveryResponder(camera), local_addr=(camera.host, port)
    )
    return transport, responder
