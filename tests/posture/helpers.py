"""Small loopback helpers shared by the engine tests."""

from __future__ import annotations

import socket


def closed_port() -> int:
    """A loopback TCP port that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def quiet_services() -> dict[str, int]:
    """Closed ports for every probed service, so tests never touch the host's own 22/23/554."""
    return {name: closed_port() for name in ("telnet", "ssh", "ftp", "https", "rtsp", "vendor")}
