"""What cameras and LAN devices send is parsed defensively: a bad value is skipped.

Redirect targets no client can follow, WS-Discovery XAddrs and SSDP LOCATIONs with
broken hosts or ports: each is dropped (debug log), never an exception that ends an
audit or a probe, and never the reason another camera goes unseen.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp
import pytest
from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY
from homeassistant.core import HomeAssistant

from camsim.camera import SimCamera
from camsim.hostile import BAD_LOCATIONS, Fault, HostileCamera
from camsim.wsdiscovery import endpoint_uuid, probe_match
from custom_components.camera_posture import discovery as ha_discovery
from custom_components.camera_posture.const import DOMAIN
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.discovery import parse_ssdp, ws_discovery
from custom_components.camera_posture.posture.models import Status, Target
from tests.posture.helpers import quiet_services

from .conftest import HANG_GUARD_S

BAD_XADDRS = ("http://[::1/onvif", "http://127.0.0.1:99999/onvif", "https://[zz]/", "ftp://x/")


@pytest.mark.parametrize("location", BAD_LOCATIONS)
async def test_unfollowable_redirect_does_not_end_the_audit(
    location: str, session: aiohttp.ClientSession
) -> None:
    async with HostileCamera(Fault.BAD_REDIRECT) as camera:
        camera.locations = (location,)
        target = Target(camera.host, camera.port, "admin", "x", ports=quiet_services())
        result = await asyncio.wait_for(audit(session, target), HANG_GUARD_S)
    assert camera.redirects >= 1
    assert result.device.model == "HX-1"  # identity still read over ONVIF
    assert result.scheme == "http"
    https_only = result.checks["https_only"]
    assert https_only.status is Status.UNKNOWN  # an unreadable redirect proves nothing
    assert https_only.evidence == "plain HTTP redirects to an unusable Location"


class _Answers(asyncio.DatagramProtocol):
    """Answers each datagram with several prepared ones (a probe that reaches many)."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: Any) -> None:
        for answer in self.answers:
            self.transport.sendto(answer, addr)


def _match(camera: SimCamera, xaddrs: str, endpoint: str) -> bytes:
    """The camera's ProbeMatch with other XAddrs and another endpoint UUID."""
    body = probe_match(camera, "urn:uuid:probe").decode()
    found = re.search(r"<d:XAddrs>(.*?)</d:XAddrs>", body)
    assert found is not None
    body = body.replace(found.group(0), f"<d:XAddrs>{xaddrs}</d:XAddrs>")
    return body.replace(endpoint_uuid(camera), endpoint).encode()


async def _responder(answers: list[bytes]) -> tuple[asyncio.DatagramTransport, int]:
    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
        lambda: _Answers(answers), local_addr=("127.0.0.1", 0)
    )
    return transport, transport.get_extra_info("sockname")[1]


def _answers(camera: SimCamera) -> list[bytes]:
    good = f"http://127.0.0.1:{camera.http_port}/onvif/device_service"
    answers = [_match(camera, bad, f"urn:uuid:bad-{n}") for n, bad in enumerate(BAD_XADDRS)]
    # A camera listing a broken XAddr before its good one keeps the good one.
    answers.append(_match(camera, f"{BAD_XADDRS[0]} {good}", "urn:uuid:mixed"))
    answers.append(_match(camera, good, "urn:uuid:good"))
    return answers


async def test_bad_xaddrs_hide_no_camera(onvif_camera: SimCamera) -> None:
    transport, port = await _responder(_answers(onvif_camera))
    try:
        found = await ws_discovery(0.3, ("127.0.0.1", port))
    finally:
        transport.close()
    by_endpoint = {item.endpoint: item for item in found}
    good = f"http://127.0.0.1:{onvif_camera.http_port}/onvif/device_service"
    assert len(by_endpoint) == len(BAD_XADDRS) + 2
    assert by_endpoint["urn:uuid:good"].location == good
    assert by_endpoint["urn:uuid:mixed"].location == good
    assert {by_endpoint[f"urn:uuid:bad-{n}"].location for n in range(len(BAD_XADDRS))} == {""}


async def test_integration_offers_every_answer_despite_bad_xaddrs(
    hass: HomeAssistant, onvif_camera: SimCamera, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport, port = await _responder(_answers(onvif_camera))
    monkeypatch.setattr(ha_discovery, "PROBE_ADDRESS", ("127.0.0.1", port))
    monkeypatch.setattr(ha_discovery, "PROBE_WAIT_S", 0.3)
    try:
        started = await ha_discovery.async_probe(hass)
    finally:
        transport.close()
    await hass.async_block_till_done(wait_background_tasks=True)
    # One flow per answer was started; they all name one address, so one is offered.
    assert started == len(BAD_XADDRS) + 2
    flows = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_INTEGRATION_DISCOVERY
    ]
    assert len(flows) == 1


@pytest.mark.parametrize(
    "location", ["http://[::1", "http://10.0.0.1:99999/desc.xml", "file:///etc/passwd"]
)
def test_unusable_ssdp_location_is_dropped(location: str) -> None:
    answer = f"HTTP/1.1 200 OK\r\nLOCATION: {location}\r\nST: upnp:rootdevice\r\n\r\n"
    found = parse_ssdp(answer.encode(), "10.0.0.1")
    assert found is not None
    assert found.location == ""
    assert found.kind == "upnp:rootdevice"
