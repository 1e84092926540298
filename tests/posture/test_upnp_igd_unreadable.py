"""Router exposure stays unknown when the router or camera address cannot be read."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp
import pytest_socket
from aiohttp import web

from custom_components.camera_posture.posture.models import Facts, Target
from custom_components.camera_posture.posture.probes import ProbeContext
from custom_components.camera_posture.posture.probes.upnp_igd import (
    description_url,
    probe_router_exposure,
    resolve_ipv4,
)
from custom_components.camera_posture.posture.transport.http import HttpClient

from .test_upnp_igd import DESCRIPTION, MAPPINGS, igd, serve_router, upnp_fault


async def _probe(host: str, router: str) -> Facts:
    async with aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = ProbeContext(HttpClient(session), Target(host), router=router)
        await probe_router_exposure(ctx, facts, session)
    return facts


async def test_ip_literal_and_localhost_resolve_to_ipv4() -> None:
    assert await resolve_ipv4("127.0.0.1") == "127.0.0.1"
    assert await resolve_ipv4("localhost") == "127.0.0.1"


async def test_description_url_given_directly_is_used_as_is() -> None:
    assert await description_url("http://192.0.2.1:5000/rootDesc.xml") == (
        "http://192.0.2.1:5000/rootDesc.xml"
    )


async def test_router_host_without_ssdp_answer_is_unknown() -> None:
    # Nothing answers SSDP on loopback's port 1900: no description URL, no exposure fact.
    facts = await _probe("127.0.0.1", "127.0.0.1")
    assert facts.router_exposure is None
    assert facts.evidence["router_exposure"] == "the router did not answer a UPnP IGD search"


async def test_known_exposure_is_not_read_again() -> None:
    async with igd(MAPPINGS) as router:
        async with aiohttp.ClientSession() as session:
            facts = Facts()
            facts.router_exposure = ()
            ctx = ProbeContext(HttpClient(session), Target("127.0.0.1"), router=router["url"])
            await probe_router_exposure(ctx, facts, session)
        assert router["calls"] == 0
    assert facts.router_exposure == ()


class _SsdpRouter(asyncio.DatagramProtocol):
    """Answers an M-SEARCH like a router: first a reply without LOCATION, then one with it."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.searches: list[bytes] = []
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.DatagramTransport)
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self.searches.append(data)
        assert self.transport is not None
        head = "HTTP/1.1 200 OK\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
        self.transport.sendto(f"{head}\r\n".encode(), addr)
        self.transport.sendto(f"{head}LOCATION: {self.location}\r\n\r\n".encode(), addr)


async def test_router_host_found_by_unicast_ssdp_is_read() -> None:
    # The router is configured by host only; its SSDP answer names the description URL.
    pytest_socket.socket_allow_hosts(["127.0.0.0/8"], allow_unix_socket=True)
    router_host = "127.0.0.9"
    async with igd(MAPPINGS) as router:
        transport, responder = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: _SsdpRouter(router["url"]), local_addr=(router_host, 1900)
        )
        try:
            facts = await _probe("127.0.0.1", router_host)
        finally:
            transport.close()
    assert len(responder.searches) == 1
    assert b"M-SEARCH" in responder.searches[0]
    assert facts.router_exposure is not None
    assert [mapping.external_port for mapping in facts.router_exposure] == [8080, 554]


async def _action_failed(_: web.Request) -> web.Response:
    return upnp_fault(501, "ActionFailed")


async def test_router_failing_the_action_is_unknown_not_no_exposure() -> None:
    # 501 is not the end of the table (713): the table was not read, so nothing is known.
    async with serve_router(DESCRIPTION, _action_failed) as url:
        facts = await _probe("127.0.0.1", url)
    assert facts.router_exposure is None


async def test_router_without_a_wan_connection_service_is_unknown() -> None:
    calls: list[str] = []

    async def control(request: web.Request) -> web.Response:
        calls.append(request.path)
        return await _action_failed(request)

    no_wan = re.sub(r"<serviceList>.*</serviceList>", "", DESCRIPTION, flags=re.S)
    async with serve_router(no_wan, control) as url:
        facts = await _probe("127.0.0.1", url)
    assert facts.router_exposure is None
    assert calls == []
    assert facts.evidence["router_exposure"] == "the router offers no WAN connection service"


async def test_camera_without_ipv4_is_not_looked_up_on_the_router() -> None:
    facts = await _probe("::1", "http://127.0.0.1:9/rootDesc.xml")
    assert facts.router_exposure is None
    assert facts.evidence["router_exposure"] == ("the camera's IPv4 address is unknown")
