"""ONVIF-only camera of a brand without its own adapter: a Milesight MS-C8165-PE.

Identity as a real one answered ONVIF GetDeviceInformation (the capture in
tests/fixtures/real/milesight/MS-C8165-PE, from the ex_onvif client's test fixtures):
manufacturer "Milesight Technology Co.,Ltd.", model MS-C8165-PE, firmware 61.8.0.3-r8,
serial EM82V102329001403, hardware id V1.0. That firmware lies in the range the five CVE
records of ICSA-26-113-03 (CVE-2026-28747 among them) give for MS-Cxx65-PE cameras
(61.8.0.5-r2 and earlier), so the catalog judges both firmware checks. The capture holds no
MAC: the one here is this simulator's, a locally administered address (02:...) that claims
no vendor. The rest (clock 7 minutes fast, strict WS-Security clock check, telnet and UPnP
on, anonymous RTSP) is this simulator's scenario, not read from that camera.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    from ..camera import SimCamera


def install(app: web.Application, camera: SimCamera) -> None:
    """No vendor API beyond ONVIF (which every ONVIF persona gets)."""
