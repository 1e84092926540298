"""ONVIF-only camera: clock 7 minutes fast, strict WS-Security clock check."""

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
        manufacturer="Generic",
        model="IPC-ONVIF-2000",
        firmware="V2.4.1 build 230512",
        serial="GEN2000A7F3C91",
        mac="00:1a:2b:3c:4d:5e",
        users={"admin": "Sim-Pass-0nvif!"},
        factory_users={"admin": "admin"},
        rtsp_anonymous=True,
        telnet=True,
        ntp=False,
        clock_skew_s=7 * 60,
        wsse_tolerance_s=5.0,
        services={"rtsp": 554, "telnet": 23},
    )


def install(app: web.Application, camera: SimCamera) -> None:
    """No vendor API beyond ONVIF (which every ONVIF persona gets)."""
