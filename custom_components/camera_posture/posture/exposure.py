"""Can the internet reach this camera? One answer joined from the facts an audit read.

Two paths reach a camera from outside: a router port forward (anyone on the internet
connects straight to one of the camera's own services) and the vendor's cloud/P2P relay
(the camera keeps a tunnel open to its vendor). A port forward is named first when
both apply: it exposes the camera's own login page and firmware to every scanner,
while the relay at least sits behind the vendor's account system. UPnP on the camera
is not a path by itself (it is the camera's ability to open a forward), so it is
reported beside the state; the router's table says whether a forward exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .models import DEFAULT_PORTS, Facts, Target

# Services whose port is known for a camera, in the order they are named.
_SERVICES = ("http", "https", "onvif", "rtsp", "vendor", "telnet", "ssh", "ftp")


class Exposure(StrEnum):
    """The Internet exposure state (None stands for unknown)."""

    NONE = "none"
    VENDOR_CLOUD = "vendor_cloud"
    ROUTER_PORT_FORWARD = "router_port_forward"


@dataclass(frozen=True, slots=True)
class InternetExposure:
    """The joined answer, the paths behind it and the sources that could not be read."""

    state: Exposure | None
    paths: tuple[dict[str, Any], ...] = ()
    camera_upnp: bool | None = None
    unread: tuple[str, ...] = ()


def services_on(target: Target, port: int) -> list[str]:
    """The camera's known services listening on `port` (empty: not a port we know)."""
    found = []
    for service in _SERVICES:
        known = service in DEFAULT_PORTS or service in target.ports
        if known and target.port_for(service) == port:
            found.append(service)
    return found


def internet_exposure(facts: Facts, target: Target) -> InternetExposure:
    """Router port forwards first, then vendor cloud; unknown only when neither was read.

    "none" means no path among the sources that could be read; `unread` names the
    others, so a partial answer is never mistaken for a complete one.
    """
    paths: list[dict[str, Any]] = [
        {
            "via": str(Exposure.ROUTER_PORT_FORWARD),
            "protocol": mapping.protocol,
            "external_port": mapping.external_port,
            "internal_port": mapping.internal_port,
            "services": services_on(target, mapping.internal_port),
        }
        for mapping in facts.router_exposure or ()
    ]
    if facts.cloud_access:
        paths.append({"via": str(Exposure.VENDOR_CLOUD)})
    unread = tuple(
        source
        for source, value in (
            ("router_port_forwards", facts.router_exposure),
            ("vendor_cloud", facts.cloud_access),
        )
        if value is None
    )
    if paths:
        state: Exposure | None = Exposure(paths[0]["via"])
    elif len(unread) == 2:
        state = None
    else:
        state = Exposure.NONE
    return InternetExposure(state, tuple(paths), facts.upnp, unread)
