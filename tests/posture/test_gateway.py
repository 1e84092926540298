"""The default gateway read from Linux's routing table text."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from custom_components.camera_posture.posture.gateway import default_gateway, read_default_gateway

HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"


def hex_address(address: str) -> str:
    """An IPv4 address as /proc/net/route prints it on this machine."""
    return f"{int.from_bytes(socket.inet_aton(address), sys.byteorder):08X}"


def route_table(*routes: tuple[str, str, str, int, str]) -> str:
    """/proc/net/route text: (destination, gateway, flags, metric, mask) per line."""
    return HEADER + "".join(
        f"eth0\t{hex_address(dest)}\t{hex_address(gw)}\t{flags}\t0\t0\t{metric}\t"
        f"{hex_address(mask)}\t0\t0\t0\n"
        for dest, gw, flags, metric, mask in routes
    )


def test_captured_table_names_its_gateway() -> None:
    # This machine's own /proc/net/route at the time of writing (x86: little-endian).
    text = (
        HEADER + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    )
    expected = "192.0.2.1" if sys.byteorder == "little" else "1.2.0.192"
    assert default_gateway(text) == expected


def test_lowest_metric_default_route_wins() -> None:
    text = route_table(
        ("0.0.0.0", "192.168.1.1", "0003", 600, "0.0.0.0"),
        ("0.0.0.0", "10.0.0.1", "0003", 100, "0.0.0.0"),
        ("0.0.0.0", "172.16.0.1", "0003", 700, "0.0.0.0"),
        ("192.168.1.0", "0.0.0.0", "0001", 0, "255.255.255.0"),
    )
    assert default_gateway(text) == "10.0.0.1"


def test_no_default_route_is_none() -> None:
    assert default_gateway("") is None
    assert default_gateway(HEADER) is None
    # A route that is down (flags lack UP), one without the GATEWAY flag, a LAN route,
    # a default route through 0.0.0.0, short and garbled lines: none is a gateway.
    text = route_table(
        ("0.0.0.0", "192.168.1.1", "0002", 0, "0.0.0.0"),
        ("0.0.0.0", "192.168.1.1", "0001", 0, "0.0.0.0"),
        ("192.168.1.0", "192.168.1.1", "0003", 0, "255.255.255.0"),
        ("0.0.0.0", "0.0.0.0", "0003", 0, "0.0.0.0"),
    )
    text += "eth0\t00000000\n" + "eth0\tzz\tzz\tzz\t0\t0\t0\tzz\t0\t0\t0\n"
    text += "eth0\t00000000\t1FFFFFFFFF\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
    assert default_gateway(text) is None


def test_reading_the_table_file(tmp_path: Path) -> None:
    table = tmp_path / "route"
    assert read_default_gateway(table) is None  # no such file (not Linux, a container)
    table.write_text(route_table(("0.0.0.0", "192.168.1.1", "0003", 0, "0.0.0.0")))
    assert read_default_gateway(table) == "192.168.1.1"
