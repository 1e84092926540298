"""The home router's UPnP IGD, found once for all cameras so nobody has to type it.

First from Home Assistant's own SSDP discovery (routers answer its searches and
announce themselves), else by one unicast M-SEARCH to the default gateway. The answer
is shared by every camera and looked up again after an hour (a router replaced, UPnP
switched on), or after five minutes while none was found. A router typed into a
camera's options still wins for that camera.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from homeassistant.components import ssdp
from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .posture.gateway import read_default_gateway
from .posture.hosts import device_url
from .posture.probes.upnp_igd import FoundRouter, find_router

# Both IGD versions: Home Assistant's cache keys answers by the type the router named.
IGD_SEARCH_TARGETS = (
    "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
    "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
)
REFRESH_S = 3600.0
# Nothing found: look again sooner. At start-up Home Assistant's SSDP discovery may not
# have heard the router yet, and a search costs one datagram and a cache read.
RETRY_S = 300.0

type RouterSource = Literal["options", "ssdp", "gateway"]


class RouterFinder:
    """The shared lookup: at most one at a time, its answer kept for an hour."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Nothing is looked up until a camera asks."""
        self.hass = hass
        self.found: FoundRouter | None = None
        self._checked_at: float | None = None
        self._lock = asyncio.Lock()

    async def async_router(self) -> FoundRouter | None:
        """The router, looked up when never, or when the last answer has aged out."""
        async with self._lock:
            now = self.hass.loop.time()
            max_age = RETRY_S if self.found is None else REFRESH_S
            if self._checked_at is None or now - self._checked_at >= max_age:
                self.found = await self._async_lookup()
                self._checked_at = now
            return self.found

    async def _async_lookup(self) -> FoundRouter | None:
        gateway = await self.hass.async_add_executor_job(read_default_gateway)
        if "ssdp" in self.hass.config.components:
            locations = [
                info.ssdp_location
                for target in IGD_SEARCH_TARGETS
                for info in await ssdp.async_get_discovery_info_by_st(self.hass, target)
                if info.ssdp_location and device_url(info.ssdp_location) is not None
            ]
            # Several IGDs (a mesh node, a second router): the gateway's is the one
            # the cameras' traffic leaves through.
            on_gateway = [url for url in locations if _host(url) == gateway]
            if locations:
                return FoundRouter((on_gateway or locations)[0], "ssdp")
        return await find_router(gateway) if gateway else None


def _host(url: str) -> str | None:
    parsed = device_url(url)
    return None if parsed is None else parsed.host


ROUTER_KEY: HassKey[RouterFinder] = HassKey(f"{DOMAIN}_router")


def router_finder(hass: HomeAssistant) -> RouterFinder:
    """The finder shared by every camera of this Home Assistant."""
    if (finder := hass.data.get(ROUTER_KEY)) is None:
        finder = hass.data[ROUTER_KEY] = RouterFinder(hass)
    return finder


async def async_router_for(hass: HomeAssistant, configured: str | None) -> str:
    """The router one camera's audit asks: its configured one, else the one found."""
    if configured:
        return configured
    found = await router_finder(hass).async_router()
    return "" if found is None else found.location


def router_source(hass: HomeAssistant, configured: str | None) -> RouterSource | None:
    """Where the router a camera's audits ask came from (None: no router known)."""
    if configured:
        return "options"
    finder = hass.data.get(ROUTER_KEY)
    found = None if finder is None else finder.found
    return None if found is None else found.source
