"""The simulator's WS-Discovery responder, probed by the engine's own WS-Discovery client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import quote

import pytest

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from camsim.wsdiscovery import WsDiscoveryResponder, endpoint_uuid, start_responder
from custom_components.camera_posture.posture.discovery import ws_discovery


@pytest.fixture
async def answering(onvif_camera: SimCamera) -> AsyncIterator[tuple[WsDiscoveryResponder, int]]:
    """A responder for the onvif_generic camera on a free loopback UDP port."""
    transport, responder = await start_responder(onvif_camera)
    yield responder, transport.get_extra_info("sockname")[1]
    transport.close()


async def test_probe_finds_the_camera_with_its_identity(
    onvif_camera: SimCamera, answering: tuple[WsDiscoveryResponder, int]
) -> None:
    responder, port = answering
    found = await ws_discovery(0.3, ("127.0.0.1", port))
    assert len(found) == 1
    answer = found[0]
    assert answer.address == onvif_camera.host
    assert answer.location == (
        f"http://{onvif_camera.host}:{onvif_camera.ports['onvif']}/onvif/device_service"
    )
    assert answer.endpoint == endpoint_uuid(onvif_camera)
    scopes = answer.server.split()
    assert f"onvif://www.onvif.org/hardware/{quote(onvif_camera.persona.model)}" in scopes
    assert f"onvif://www.onvif.org/name/{quote(onvif_camera.persona.manufacturer)}" in scopes
    assert responder.probes == 1


async def test_endpoint_identity_is_stable_per_serial() -> None:
    first = SimCamera(PERSONAS["onvif_generic"].persona())
    second = SimCamera(PERSONAS["onvif_generic"].persona())
    other = SimCamera(PERSONAS["hikvision"].persona())
    assert endpoint_uuid(first) == endpoint_uuid(second) != endpoint_uuid(other)


async def test_offline_camera_stays_silent(
    onvif_camera: SimCamera, answering: tuple[WsDiscoveryResponder, int]
) -> None:
    responder, port = answering
    onvif_camera.faults.online = False
    assert await ws_discovery(0.3, ("127.0.0.1", port)) == []
    assert responder.probes == 1


@pytest.mark.parametrize(
    "datagram",
    [
        b"not xml at all",
        b"<a/>",
        b"x" * 9000,
        # A Probe for another device type (printers), which a camera does not answer.
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        b'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
        b'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Header>'
        b"<a:MessageID>urn:uuid:1</a:MessageID>"
        b"<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
        b"</s:Header><s:Body><d:Probe><d:Types>wsdp:Printer</d:Types></d:Probe></s:Body>"
        b"</s:Envelope>",
    ],
)
async def test_anything_but_a_camera_probe_is_ignored(
    answering: tuple[WsDiscoveryResponder, int], datagram: bytes
) -> None:
    responder, port = answering
    loop = asyncio.get_running_loop()
    answers: list[bytes] = []

    class Client(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: object) -> None:
            answers.append(data)

    transport, _ = await loop.create_datagram_endpoint(Client, local_addr=("127.0.0.1", 0))
    transport.sendto(datagram, ("127.0.0.1", port))
    await asyncio.sleep(0.3)
    transport.close()
    assert answers == []
    assert responder.probes == 0
