"""A simulated home router: a UPnP Internet Gateway Device listing port forwards.

It answers a unicast (or multicast-addressed) M-SEARCH for an IGD with its
description URL, and the read-only WANIPConnection action GetGenericPortMappingEntry
with one entry per port forward the cameras carry (`SimCamera.port_forwards`,
external port -> service name, set through the control API's "port_forwards").
The SOAP shapes follow the UPnP IGD:1 WANIPConnection:1 specification, and the paths
are the ones miniupnpd (the UPnP daemon of most home routers) serves: /rootDesc.xml,
/WANIPCn.xml, /ctl/IPConn, /evt/IPConn (miniupnp/miniupnp, miniupnpd/miniupnpdpath.h).
Nothing can be changed through UPnP (AddPortMapping is not offered).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .camera import SimCamera

IGD_TYPES = (
    "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
    "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
)
WANIP = "urn:schemas-upnp-org:service:WANIPConnection:1"
# Search targets the router answers: its own types, any root device, everything.
_ANSWERED = (*IGD_TYPES, "upnp:rootdevice", "ssdp:all")
# UPnP error 713 SpecifiedArrayIndexInvalid: the end of the mapping table.
END_OF_TABLE = 713

DESCRIPTION = f"""<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
 <specVersion><major>1</major><minor>0</minor></specVersion>
 <device>
  <deviceType>{IGD_TYPES[0]}</deviceType>
  <friendlyName>camsim router</friendlyName><manufacturer>camsim</manufacturer>
  <modelName>Simulated IGD</modelName><UDN>uuid:camsim-igd-1</UDN>
  <deviceList><device>
   <deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>
   <UDN>uuid:camsim-wan-1</UDN>
   <deviceList><device>
    <deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
    <UDN>uuid:camsim-wanconn-1</UDN>
    <serviceList><service>
     <serviceType>{WANIP}</serviceType>
     <serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
     <SCPDURL>/WANIPCn.xml</SCPDURL><controlURL>/ctl/IPConn</controlURL>
     <eventSubURL>/evt/IPConn</eventSubURL>
    </service></serviceList>
   </device></deviceList>
  </device></deviceList>
 </device>
</root>"""

_ARGUMENTS = (
    ("NewPortMappingIndex", "in", "PortMappingNumberOfEntries", "ui2"),
    ("NewRemoteHost", "out", "RemoteHost", "string"),
    ("NewExternalPort", "out", "ExternalPort", "ui2"),
    ("NewProtocol", "out", "PortMappingProtocol", "string"),
    ("NewInternalPort", "out", "InternalPort", "ui2"),
    ("NewInternalClient", "out", "InternalClient", "string"),
    ("NewEnabled", "out", "PortMappingEnabled", "boolean"),
    ("NewPortMappingDescription", "out", "PortMappingDescription", "string"),
    ("NewLeaseDuration", "out", "PortMappingLeaseDuration", "ui4"),
)
SCPD = (
    '<?xml version="1.0"?><scpd xmlns="urn:schemas-upnp-org:service-1-0">'
    "<specVersion><major>1</major><minor>0</minor></specVersion><actionList><action>"
    "<name>GetGenericPortMappingEntry</name><argumentList>"
    + "".join(
        f"<argument><name>{name}</name><direction>{direction}</direction>"
        f"<relatedStateVariable>{variable}</relatedStateVariable></argument>"
        for name, direction, variable, _ in _ARGUMENTS
    )
    + "</argumentList></action></actionList><serviceStateTable>"
    + "".join(
        f'<stateVariable sendEvents="no"><name>{variable}</name>'
        f"<dataType>{kind}</dataType></stateVariable>"
        for _, _, variable, kind in _ARGUMENTS
    )
    + "</serviceStateTable></scpd>"
)


def soap_envelope(body: str) -> str:
    return (
        '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>'
        f"{body}</s:Body></s:Envelope>"
    )


def upnp_fault(code: int, description: str) -> web.Response:
    """The router's SOAP fault answer (HTTP 500) carrying a UPnP error code."""
    detail = (
        "<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring>"
        '<detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0">'
        f"<errorCode>{code}</errorCode><errorDescription>{description}</errorDescription>"
        "</UPnPError></detail></s:Fault>"
    )
    return web.Response(status=500, text=soap_envelope(detail), content_type="text/xml")


def port_mappings(cameras: Mapping[str, SimCamera]) -> list[tuple[str, int, str, int, str]]:
    """(protocol, external port, internal client, internal port, description) per forward.

    A forward to a service the camera does not serve (now) is not listed, and an
    external port is forwarded once: the first camera holding it wins, as on a router.
    """
    mappings: list[tuple[str, int, str, int, str]] = []
    taken: set[int] = set()
    for camera in cameras.values():
        ports = camera.ports
        for external, service in sorted(camera.port_forwards.items()):
            if service in ports and external not in taken:
                taken.add(external)
                description = f"{camera.persona.name} {service}"
                mappings.append(("TCP", external, camera.host, ports[service], description))
    return mappings


class _SsdpResponder(asyncio.DatagramProtocol):
    def __init__(self, location: str) -> None:
        self.location = location
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.DatagramTransport)
        self.transport = transport

    def datagram_received(self, data: bytes, addr: Any) -> None:
        text = data.decode("utf-8", "replace")
        target = re.search(r"^ST:\s*(\S+)", text, re.I | re.M)
        if not text.startswith("M-SEARCH") or target is None or self.transport is None:
            return
        st = target.group(1)
        if st not in _ANSWERED:
            return
        answer = (
            "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nEXT:\r\n"
            f"LOCATION: {self.location}\r\nSERVER: camsim UPnP/1.1 router\r\n"
            f"ST: {st}\r\nUSN: uuid:camsim-igd-1::{st}\r\n\r\n"
        )
        self.transport.sendto(answer.encode(), addr)


class SimRouter:
    """An IGD on `host`: HTTP (description + control) and an SSDP responder (UDP)."""

    def __init__(
        self,
        cameras: Mapping[str, SimCamera],
        host: str = "127.0.0.1",
        *,
        http_port: int = 0,
        ssdp_port: int = 0,
    ) -> None:
        self.cameras = cameras
        self.host = host
        self.http_port = http_port
        self.ssdp_port = ssdp_port
        # GetGenericPortMappingEntry calls answered (tests count the router's cost).
        self.calls = 0
        self._runner: web.AppRunner | None = None
        self._ssdp: asyncio.DatagramTransport | None = None

    @property
    def location(self) -> str:
        """The IGD description URL (what SSDP answers name)."""
        return f"http://{self.host}:{self.http_port}/rootDesc.xml"

    async def _control(self, request: web.Request) -> web.Response:
        body = await request.text()
        index = re.search(r"<NewPortMappingIndex>\s*(\d+)\s*<", body)
        if "GetGenericPortMappingEntry" not in request.headers.get("SOAPAction", ""):
            return upnp_fault(401, "Invalid Action")
        if index is None:
            return upnp_fault(402, "Invalid Args")
        self.calls += 1
        mappings = port_mappings(self.cameras)
        if int(index.group(1)) >= len(mappings):
            return upnp_fault(END_OF_TABLE, "SpecifiedArrayIndexInvalid")
        protocol, external, client, internal, description = mappings[int(index.group(1))]
        answer = (
            f'<u:GetGenericPortMappingEntryResponse xmlns:u="{WANIP}">'
            f"<NewRemoteHost></NewRemoteHost><NewExternalPort>{external}</NewExternalPort>"
            f"<NewProtocol>{protocol}</NewProtocol><NewInternalPort>{internal}</NewInternalPort>"
            f"<NewInternalClient>{client}</NewInternalClient><NewEnabled>1</NewEnabled>"
            f"<NewPortMappingDescription>{description}</NewPortMappingDescription>"
            "<NewLeaseDuration>0</NewLeaseDuration></u:GetGenericPortMappingEntryResponse>"
        )
        return web.Response(text=soap_envelope(answer), content_type="text/xml")

    def app(self) -> web.Application:
        """The router's HTTP application: description, SCPD, control."""

        def xml(text: str) -> Any:
            async def handle(_: web.Request) -> web.Response:
                return web.Response(text=text, content_type="text/xml")

            return handle

        app = web.Application()
        app.router.add_get("/rootDesc.xml", xml(DESCRIPTION))
        app.router.add_get("/WANIPCn.xml", xml(SCPD))
        app.router.add_post("/ctl/IPConn", self._control)
        return app

    async def start(self) -> None:
        """Serve HTTP and SSDP; ports 0 pick free ones (read them back afterwards)."""
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.http_port))
        self.http_port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        try:
            transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                lambda: _SsdpResponder(self.location), local_addr=(self.host, self.ssdp_port)
            )
        except OSError:
            await self.stop()
            raise
        self._ssdp = transport
        self.ssdp_port = transport.get_extra_info("sockname")[1]

    async def stop(self) -> None:
        """Stop both servers."""
        if self._ssdp is not None:
            self._ssdp.close()
            self._ssdp = None
        if self._runner is not None:
            with contextlib.suppress(RuntimeError):
                await self._runner.cleanup()
            self._runner = None
