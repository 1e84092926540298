"""The default IPv4 gateway, read from the operating system's routing table.

The gateway is the router a home network's cameras reach the internet through, so it
is the first host to ask for a UPnP IGD (see probes/upnp_igd.py). Linux lists routes
in /proc/net/route; elsewhere (or in a container without it) there is no answer and
the caller falls back to what it was given.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

ROUTE_TABLE = Path("/proc/net/route")
# A routing table is a few lines per interface; anything larger is not one.
MAX_ROUTE_TABLE_BYTES = 256 * 1024
# Route flags from linux/route.h.
_RTF_UP = 0x0001
_RTF_GATEWAY = 0x0002


def default_gateway(route_table: str) -> str | None:
    """The default route's gateway in /proc/net/route text; lowest metric wins.

    Columns: Iface Destination Gateway Flags RefCnt Use Metric Mask ...; a default
    route has destination and mask 0 and the UP and GATEWAY flags.
    """
    best: tuple[int, str] | None = None
    for line in route_table.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        try:
            destination, gateway, flags = int(fields[1], 16), fields[2], int(fields[3], 16)
            metric, mask = int(fields[6]), int(fields[7], 16)
            # The kernel prints the network-order address as a host-order hex word.
            address = ipaddress.IPv4Address(int(gateway, 16).to_bytes(4, sys.byteorder))
        except ValueError, OverflowError:
            continue
        wanted = _RTF_UP | _RTF_GATEWAY
        if destination or mask or flags & wanted != wanted or address.is_unspecified:
            continue
        if best is None or metric < best[0]:
            best = (metric, str(address))
    return None if best is None else best[1]


def read_default_gateway(path: Path | None = None) -> str | None:
    """The default gateway from the routing table file (blocking: run in an executor)."""
    try:
        with (path or ROUTE_TABLE).open("rb") as file:
            raw = file.read(MAX_ROUTE_TABLE_BYTES)
    except OSError:
        return None
    return default_gateway(raw.decode("ascii", "replace"))
