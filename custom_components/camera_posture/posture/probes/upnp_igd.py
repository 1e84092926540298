"""Router exposure: UPnP IGD port mappings whose internal client is the camera.

Read-only (GetGenericPortMappingEntry) and only when a router is known: an IGD
description URL, or a router host whose unicast SSDP answer names that URL. Callers
that were given no router find one with `find_router` (the default gateway asked by
unicast M-SEARCH) or, in Home Assistant, from its own SSDP discovery.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from dataclasses import dataclass
from typing import Literal

import aiohttp
from async_upnp_client.aiohttp import AiohttpSessionRequester
from async_upnp_client.client_factory import UpnpFactory
from async_upnp_client.exceptions import UpnpActionError, UpnpError
from async_upnp_client.profiles.igd import IgdDevice

from ..discovery import IGD_SEARCH_TARGET, ssdp_search
from ..gateway import read_default_gateway
from ..models import Facts, PortMapping
from . import ProbeContext

_LOGGER = logging.getLogger(__name__)
IGD_TIMEOUT_S = 5
# A router lists its mappings one index at a time; stop after this many.
MAX_MAPPINGS = 256
# UPnP "SpecifiedArrayIndexInvalid": the end of the mapping table.
_END_OF_TABLE = 713
# Where routers answer M-SEARCH (UDP); tests point it at a loopback responder.
SSDP_PORT = 1900
# How long a router gets to answer a unicast M-SEARCH.
SSDP_WAIT_S = 2.0


@dataclass(frozen=True, slots=True)
class FoundRouter:
    """A UPnP IGD router found without being configured, and how it was found."""

    location: str  # its IGD description URL
    # "gateway": unicast M-SEARCH to the default gateway; "ssdp": Home Assistant's discovery.
    source: Literal["gateway", "ssdp"]


async def resolve_ipv4(host: str) -> str | None:
    """The camera's IPv4 address as routers report internal clients (None if none)."""
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, family=socket.AF_INET)
    except OSError:
        return None
    return str(infos[0][4][0]) if infos else None


async def description_url(router: str) -> str | None:
    """The router's IGD description URL: given directly, or found by unicast SSDP."""
    if router.startswith(("http://", "https://")):
        return router
    # One IGD:1 search finds IGD:2 routers too: UPnP devices answer searches for any
    # version they support (UPnP Device Architecture 1.1, section 1.3.2).
    for found in await ssdp_search(
        IGD_SEARCH_TARGET,
        wait_s=SSDP_WAIT_S,
        unicast_host=router,
        unicast_port=SSDP_PORT,
        stop_at="location",
    ):
        if found.location:
            return found.location
    return None


async def find_router(gateway: str | None = None) -> FoundRouter | None:
    """The UPnP IGD of the default gateway (read from the OS when not given), or None.

    One unicast M-SEARCH to one host: routers answer it, and nothing is multicast.
    """
    if gateway is None:
        gateway = await asyncio.get_running_loop().run_in_executor(None, read_default_gateway)
    if gateway is None:
        return None
    location = await description_url(gateway)
    return None if location is None else FoundRouter(location, "gateway")


async def read_port_mappings(
    session: aiohttp.ClientSession, url: str, camera_ip: str
) -> tuple[PortMapping, ...] | None:
    """Mappings to `camera_ip` from the IGD at `url`; None when the table cannot be read."""
    requester = AiohttpSessionRequester(session, with_sleep=False, timeout=IGD_TIMEOUT_S)
    device = IgdDevice(await UpnpFactory(requester, non_strict=True).async_create_device(url), None)
    mappings: list[PortMapping] = []
    for index in range(MAX_MAPPINGS):
        try:
            entry = await device.async_get_generic_port_mapping_entry(index)
        except UpnpActionError as err:
            if err.error_code == _END_OF_TABLE:
                break
            raise
        if entry is None:
            return None  # no WANIPConnection/WANPPPConnection service: cannot tell
        if str(entry.internal_client) == camera_ip:
            mappings.append(
                PortMapping(
                    external_port=int(entry.external_port),
                    internal_port=int(entry.internal_port),
                    protocol=str(entry.protocol),
                    description=str(entry.description)[:80],
                )
            )
    return tuple(mappings)


async def probe_router_exposure(
    ctx: ProbeContext, facts: Facts, session: aiohttp.ClientSession
) -> None:
    """Fill router_exposure when a router is known (else it stays None: unknown)."""
    if facts.router_exposure is not None:
        return
    if not ctx.router:
        facts.tried(
            "router_exposure", "no UPnP IGD router was found or configured: port forwards not read"
        )
        return
    camera_ip = await resolve_ipv4(ctx.host)
    if camera_ip is None:
        facts.tried("router_exposure", "the camera's IPv4 address is unknown")
        return
    url = await description_url(ctx.router)
    if url is None:
        facts.tried("router_exposure", "the router did not answer a UPnP IGD search")
        return
    ctx.requests += 1
    try:
        async with asyncio.timeout(IGD_TIMEOUT_S * 4):
            mappings = await read_port_mappings(session, url, camera_ip)
    except (UpnpError, aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
        _LOGGER.debug("router IGD unreadable: %s", type(err).__name__)
        facts.tried(
            "router_exposure",
            f"the router's UPnP IGD port mappings were unreadable ({type(err).__name__})",
        )
        return
    if mappings is None:
        facts.tried("router_exposure", "the router offers no WAN connection service")
    else:
        facts.note("router_exposure", mappings, f"router UPnP IGD lists {len(mappings)} mapping(s)")
