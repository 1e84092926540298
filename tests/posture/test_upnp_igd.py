"""Router exposure probe against a tiny UPnP IGD served over loopback."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web

from camsim.router import SCPD, soap_envelope, upnp_fault
from custom_components.camera_posture.posture.models import Facts, PortMapping, Target
from custom_components.camera_posture.posture.probes import ProbeContext
from custom_components.camera_posture.posture.probes.upnp_igd import probe_router_exposure
from custom_components.camera_posture.posture.transport.http import HttpClient

from .helpers import Route, web_app

WANIP = "urn:schemas-upnp-org:service:WANIPConnection:1"
DESCRIPTION = f"""<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
 <specVersion><major>1</major><minor>0</minor></specVersion>
 <device>
  <deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>
  <friendlyName>Test router</friendlyName><UDN>uuid:igd-1</UDN>
  <deviceList><device>
   <deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType><UDN>uuid:wan-1</UDN>
   <deviceList><device>
    <deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
    <UDN>uuid:wanconn-1</UDN>
    <serviceList><service>
     <serviceType>{WANIP}</serviceType>
     <serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
     <SCPDURL>/wanip.xml</SCPDURL><controlURL>/ctl</controlURL><eventSubURL>/evt</eventSubURL>
    </service></serviceList>
   </device></deviceList>
  </device></deviceList>
 </device>
</root>"""

MAPPINGS = [
    ("TCP", 8080, "127.0.0.1", 80, "camera web"),
    ("TCP", 5000, "192.168.1.50", 5000, "NAS"),
    ("UDP", 554, "127.0.0.1", 554, "camera rtsp"),
]


async def _control(request: web.Request) -> web.Response:
    request.app["state"]["calls"] += 1
    index = int(re.search(r"<NewPortMappingIndex>(\d+)<", await request.text()).group(1))  # type: ignore[union-attr]
    if index >= len(request.app["state"]["mappings"]):
        return upnp_fault(713, "SpecifiedArrayIndexInvalid")
    proto, ext, client, internal, desc = request.app["state"]["mappings"][index]
    body = (
        f'<u:GetGenericPortMappingEntryResponse xmlns:u="{WANIP}">'
        f"<NewRemoteHost></NewRemoteHost><NewExternalPort>{ext}</NewExternalPort>"
        f"<NewProtocol>{proto}</NewProtocol><NewInternalPort>{internal}</NewInternalPort>"
        f"<NewInternalClient>{client}</NewInternalClient><NewEnabled>1</NewEnabled>"
        f"<NewPortMappingDescription>{desc}</NewPortMappingDescription>"
        "<NewLeaseDuration>0</NewLeaseDuration></u:GetGenericPortMappingEntryResponse>"
    )
    return web.Response(text=soap_envelope(body), content_type="text/xml")


def _xml(text: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(_: web.Request) -> web.Response:
        return web.Response(text=text, content_type="text/xml")

    return handle


@asynccontextmanager
async def serve_router(
    description: str, control: Route, app: web.Application | None = None
) -> AsyncIterator[str]:
    """A loopback IGD: `description`, the WANIP SCPD and `control`; yields the description URL."""
    get = {"/desc.xml": _xml(description), "/wanip.xml": _xml(SCPD)}
    async with web_app(app, get=get, post={"/ctl": control}) as port:
        yield f"http://127.0.0.1:{port}/desc.xml"


@asynccontextmanager
async def igd(mappings: list[tuple[str, int, str, int, str]]) -> AsyncIterator[dict[str, Any]]:
    app = web.Application()
    state: dict[str, Any] = {"mappings": mappings, "calls": 0}
    app["state"] = state
    async with serve_router(DESCRIPTION, _control, app) as url:
        state["url"] = url
        yield state


async def _probe(router: str) -> Facts:
    async with aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = ProbeContext(HttpClient(session), Target("127.0.0.1"), router=router)
        await probe_router_exposure(ctx, facts, session)
    return facts


async def test_mappings_to_the_camera_are_exposure() -> None:
    async with igd(MAPPINGS) as router:
        facts = await _probe(router["url"])
    assert facts.router_exposure == (
        PortMapping(8080, 80, "TCP", "camera web"),
        PortMapping(554, 554, "UDP", "camera rtsp"),
    )
    assert router["calls"] == len(MAPPINGS) + 1
    assert "2 mapping" in facts.evidence["router_exposure"]


async def test_empty_table_is_no_exposure() -> None:
    async with igd([("TCP", 5000, "192.168.1.50", 5000, "NAS")]) as router:
        facts = await _probe(router["url"])
    assert facts.router_exposure == ()


async def test_no_router_or_dead_router_is_unknown() -> None:
    nothing = await _probe("")
    assert nothing.router_exposure is None
    assert nothing.evidence["router_exposure"] == (
        "no UPnP IGD router was found or configured: port forwards not read"
    )
    async with igd(MAPPINGS) as router:
        dead = router["url"].replace("/desc.xml", "/missing.xml")
        unread = await _probe(dead)
        assert unread.router_exposure is None
        assert unread.evidence["router_exposure"].startswith(
            "the router's UPnP IGD port mappings were unreadable"
        )
