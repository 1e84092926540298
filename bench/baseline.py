"""The baseline: Home Assistant's ONVIF stack (onvif-zeep-async) doing the same ONVIF work.

Per camera: read the clock without credentials, then device information, users and
network protocols with a WS-Security token adjusted to the camera's clock - the
same four calls bench.run makes with the engine's own client.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from onvif import ONVIFCamera  # type: ignore[import-untyped]

from .camera import FleetCamera

# The three authenticated calls after the clock read.
AUTHENTICATED_CALLS = ("GetDeviceInformation", "GetUsers", "GetNetworkProtocols")


async def connect(camera: FleetCamera) -> tuple[ONVIFCamera, Any]:
    """Build the camera object and its device-management service (loads the WSDL).

    adjust_time makes the library read the camera clock once (authless
    GetSystemDateAndTime) and sign later tokens with the offset, as our client does.
    """
    device = ONVIFCamera(
        camera.address,
        camera.ports["onvif"],
        camera.username,
        camera.password,
        no_cache=True,
        adjust_time=True,
    )
    # The library's own clock-adjusting service factory (what update_xaddrs() uses
    # first); update_xaddrs() itself would add GetServices/GetCapabilities calls.
    service = await device._devicemgmt_with_time()
    return device, service


async def facts(service: Any, errors: Counter[str], *, clock: bool = True) -> None:
    """The four calls on a ready service (failures of optional calls are counted).

    clock=False skips the clock read when connect() has just made it.
    """
    if clock:
        await service.authless_GetSystemDateAndTime()
    for operation in AUTHENTICATED_CALLS:
        try:
            await getattr(service, operation)()
        except Exception as err:  # an unsupported call is reported, by type
            errors[f"{operation}:{type(err).__name__}"] += 1


async def full(camera: FleetCamera, errors: Counter[str]) -> None:
    """Construction with the clock read, the three other calls, then close."""
    device, service = await connect(camera)
    try:
        await facts(service, errors, clock=False)
    finally:
        await device.close()


async def close_all(devices: Sequence[ONVIFCamera]) -> None:
    """Close every camera's sessions."""
    for device in devices:
        await device.close()
