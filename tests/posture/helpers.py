"""Small loopback helpers shared by the engine tests."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from camsim.camera import SimCamera
from camsim.persona import PERSONAS

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


def closed_port() -> int:
    """A loopback TCP port that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def closed_udp_port() -> int:
    """A loopback UDP port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def quiet_services() -> dict[str, int]:
    """Closed ports for every probed service, so tests never touch the host's own 22/23/554."""
    tcp = ("telnet", "ssh", "ftp", "https", "rtsp", "vendor")
    # UPnP's SSDP is UDP: a released UDP port, so an M-SEARCH there finds no listener.
    return {**{name: closed_port() for name in tcp}, "upnp": closed_udp_port()}


@asynccontextmanager
async def tcp_server(handler: Handler | None = None) -> AsyncIterator[int]:
    """A loopback TCP server (yields its port); by default it accepts and closes."""

    async def close(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(handler or close, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


@asynccontextmanager
async def web_app(
    app: web.Application | None = None,
    *,
    get: Mapping[str, Route] | None = None,
    post: Mapping[str, Route] | None = None,
) -> AsyncIterator[int]:
    """Serve `app` (or a new one with the given GET/POST routes) on a free loopback port.

    Yields the port; the server is cleaned up on the way out, whatever happened inside.
    """
    if app is None:  # not `app or ...`: an Application is a mapping, empty means falsy
        app = web.Application()
    for path, handler in (get or {}).items():
        app.router.add_get(path, handler)
    for path, handler in (post or {}).items():
        app.router.add_post(path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


class UdpResponder(asyncio.DatagramProtocol):
    """Answers every datagram with a fixed answer, then with garbage (recording queries)."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.queries: list[bytes] = []
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.queries.append(data)
        self.transport.sendto(self.answer, addr)
        self.transport.sendto(b"garbage that is not an answer", addr)


@asynccontextmanager
async def udp_responder(answer: bytes) -> AsyncIterator[tuple[UdpResponder, int]]:
    """A loopback UDP responder (yields it and its port)."""
    transport, protocol = await asyncio.get_running_loop().create_datagram_endpoint(
        lambda: UdpResponder(answer), local_addr=("127.0.0.1", 0)
    )
    try:
        yield protocol, transport.get_extra_info("sockname")[1]
    finally:
        transport.close()


@asynccontextmanager
async def serving(persona: str, host: str = "127.0.0.1") -> AsyncIterator[SimCamera]:
    """One simulated camera of this persona on `host` (free ports), for the block."""
    camera = SimCamera(PERSONAS[persona].persona(), host=host)
    await camera.start()
    try:
        yield camera
    finally:
        await camera.stop()
