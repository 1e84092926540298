"""ONVIF WS-Discovery in the background: offer cameras no Home Assistant matcher sees.

DHCP, SSDP and zeroconf discovery come from Home Assistant's own matchers (manifest).
WS-Discovery, which every ONVIF camera answers, has none, so the integration sends
one Probe when it starts and then once an hour, and starts an integration-discovery
flow per answer; Home Assistant shows each as "Discovered" until added or ignored.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import discovery_flow
from homeassistant.helpers.event import async_track_time_interval

from .const import CONF_SCHEME, DEFAULT_PORT, DOMAIN
from .posture.discovery import WSD_ADDR, Found, ws_discovery
from .posture.hosts import HTTP, device_url

DISCOVERY_INTERVAL = timedelta(hours=1)
# How long one Probe waits for answers (cameras answer within a second or two).
PROBE_WAIT_S = 5.0
# Where the Probe goes: the WS-Discovery multicast group (tests point it at one camera).
PROBE_ADDRESS = WSD_ADDR
CONF_ENDPOINT = "endpoint"


def flow_data(found: Found) -> dict[str, Any] | None:
    """What a discovery flow needs from one answer; None when it names no camera."""
    if not found.endpoint:
        return None
    # The XAddr is the camera's word: a bad one (port 99999, "http://[::1") is skipped
    # by device_url and the camera is still offered at its sender address.
    xaddr = device_url(found.location)
    # The answer's sender is the camera; its XAddr port (and scheme: a TLS-only camera
    # names https) is where ONVIF is served.
    own = xaddr is not None and xaddr.host == found.address
    return {
        CONF_HOST: found.address,
        CONF_PORT: (xaddr.port if own and xaddr is not None else None) or DEFAULT_PORT,
        CONF_SCHEME: xaddr.scheme if own and xaddr is not None else HTTP,
        CONF_ENDPOINT: found.endpoint,
    }


async def async_probe(hass: HomeAssistant) -> int:
    """Send one Probe and start a flow per camera that answered; return how many."""
    started = 0
    for found in await ws_discovery(PROBE_WAIT_S, PROBE_ADDRESS):
        data = flow_data(found)
        if data is None:
            continue
        discovery_flow.async_create_flow(
            hass, DOMAIN, context={"source": SOURCE_INTEGRATION_DISCOVERY}, data=data
        )
        started += 1
    return started


@callback
def async_start_discovery(hass: HomeAssistant) -> None:
    """Probe now (in the background, startup is not held) and then every hour.

    Called from async_setup, which runs once per Home Assistant start.
    """

    @callback
    def _probe(_now: datetime | None = None) -> None:
        hass.async_create_background_task(async_probe(hass), "camera_posture WS-Discovery")

    _probe()
    async_track_time_interval(hass, _probe, DISCOVERY_INTERVAL, cancel_on_shutdown=True)
