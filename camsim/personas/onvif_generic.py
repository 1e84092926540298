"""ONVIF-only camera of a brand without its own adapter: an EYEPLUS camera.

Identity as a real one reported it over ONVIF GetDeviceInformation (read by
onvif-zeep-async, quoted in home-assistant/core issue #63399, 2022-01-04:
manufacturer EYEPLUS, model EYEPLUS_DEV, fw_version 5.6.1.1127, serial
12345679890, and the camera's real MAC 04:39:26:42:bb:a3 given by its owner).
The rest (clock 7 minutes fast, strict WS-Security clock check, telnet and UPnP
on, anonymous RTSP) is this simulator's scenario, not read from that camera.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..persona import Persona

if TYPE_CHECKING:
    from aiohttp import web

    from ..camera import SimCamera


def persona() -> Persona:
    """Ground truth of the generic ONVIF camera."""
    return Persona(
        name="onvif_generic",
        vendor="onvif",
        manufacturer="EYEPLUS",
        model="EYEPLUS_DEV",
        firmware="5.6.1.1127",
        serial="12345679890",
        mac="04:39:26:42:bb:a3",
        users={"admin": "Sim-Pass-0nvif!"},
        factory_users={"admin": "admin"},
        rtsp_anonymous=True,
        # UPnP on: the camera answers a unicast SSDP M-SEARCH (camsim.ssdp).
        upnp=True,
        telnet=True,
        ntp=False,
        clock_skew_s=7 * 60,
        wsse_tolerance_s=5.0,
        services={"rtsp": 554, "telnet": 23},
    )


def install(app: web.Application, camera: SimCamera) -> None:
    """No vendor API beyond ONVIF (which every ONVIF persona gets)."""
