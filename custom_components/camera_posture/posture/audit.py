"""One audit run against one camera.

For now (walking skeleton) an audit reads the camera's clock and identity over
ONVIF; vendor adapters, probes and checks plug in here as they arrive.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import aiohttp

from .models import AuditResult, DeviceInfo, Target
from .transport.http import HttpClient
from .transport.onvif import OnvifClient


async def read_device_info(session: aiohttp.ClientSession, target: Target) -> DeviceInfo:
    """Test a connection the way the config flow needs: clock first, then identity."""
    return (await audit(session, target)).device


async def audit(session: aiohttp.ClientSession, target: Target) -> AuditResult:
    """Run one audit. Raises CannotConnect or InvalidAuth (never retried)."""
    http = HttpClient(session)
    onvif = OnvifClient(http, target.host, target.port, target.username, target.password)
    await onvif.get_system_date_and_time()
    device = await onvif.get_device_information()
    if not device.serial:
        # Without a serial the MAC is the only stable identity the camera offers.
        device = replace(device, mac=await onvif.get_mac())
    return AuditResult(
        device=device,
        finished_at=datetime.now(UTC),
        clock_offset_s=onvif.clock_offset_s,
        requests=http.requests,
    )
