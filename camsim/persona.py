"""A persona is a simulated camera's ground truth: what an audit should find."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Persona:
    """Ground truth of one simulated camera (mutable: the control API changes it)."""

    name: str
    manufacturer: str
    model: str
    firmware: str
    serial: str
    mac: str
    users: dict[str, str] = field(default_factory=dict)
    clock_skew_s: float = 0.0
    ntp: bool = True
    # How far a WS-Security Created time may stray from the camera clock.
    wsse_tolerance_s: float = 5.0


def onvif_generic() -> Persona:
    """ONVIF-only camera with a clock 7 minutes fast and a strict WS-Security check."""
    return Persona(
        name="onvif_generic",
        manufacturer="Generic",
        model="IPC-ONVIF-2000",
        firmware="V2.4.1 build 230512",
        serial="GEN2000A7F3C91",
        mac="00:1a:2b:3c:4d:5e",
        users={"admin": "Sim-Pass-0nvif!"},
        clock_skew_s=7 * 60,
        ntp=False,
        wsse_tolerance_s=5.0,
    )


PERSONAS = {"onvif_generic": onvif_generic}
