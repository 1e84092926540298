"""One simulated camera: its state, its login log and its servers.

A camera serves its HTTP application (vendor API + ONVIF) and every TCP service its
persona lists: RTSP, banner services (telnet, ssh, ftp, vendor SDK ports), HTTPS.
`sync_services()` makes the open listeners match the persona and the fault state,
so the control API can switch telnet on, or take the camera offline, at run time.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web

from .faults import Faults, fault_middleware
from .lock import LockOracle
from .onvif import DEVICE_SERVICE, handle_device_service
from .persona import HTTP_SERVICES, PERSONAS, SERVICE_PORTS, Persona
from .rtsp import RtspServer
from .services import banner_handler
from .ssdp import SsdpResponder
from .tls import QuietTlsSite, server_context

# A long-running demo keeps the newest attempts only (the list is trimmed in halves).
MAX_LOGINS = 10_000
# In-flight HTTP requests get this long to finish when a camera stops or goes offline.
SHUTDOWN_TIMEOUT_S = 0.5


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """One login attempt as the camera saw it."""

    client: str
    protocol: str
    outcome: str  # "ok", "failed" or "locked"
    at: float
    user: str = ""


def standard_port(persona: Persona, service: str) -> int:
    """The port a real camera of this persona uses for `service` (0 if unknown)."""
    return persona.services.get(service, SERVICE_PORTS.get(service, 0))


def is_ipv6(host: str) -> bool:
    """Whether `host` is an IPv6 address (a camera on ::1 serves IPv6 only)."""
    return ":" in host


def _listening_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if is_ipv6(host) else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class SimCamera:
    """A simulated camera bound to one address.

    Ports: by default every service binds a free port (tests). `ports` fixes some
    (service name -> port); `standard_ports=True` uses the persona's real ports plus
    `port_offset` (fleet mode). `http_port` is kept for compatibility.
    After `start()`, `camera.ports` maps each enabled service to its bound port,
    with "onvif" the port ONVIF is served on (the HTTP port unless listed apart).
    """

    def __init__(
        self,
        persona: Persona,
        host: str = "127.0.0.1",
        http_port: int = 0,
        *,
        ports: Mapping[str, int] | None = None,
        standard_ports: bool = False,
        port_offset: int = 0,
    ) -> None:
        self.persona = persona
        self.host = host
        self.faults = Faults()
        self.logins: list[LoginAttempt] = []
        # Factory-initialisation endpoints that were called (must stay empty).
        self.takeovers: list[str] = []
        # The simulated router's forwards to this camera: external port -> service name
        # (see camsim/router.py); the control API's "port_forwards" sets them.
        self.port_forwards: dict[int, str] = {}
        self._requested = dict(ports or {})
        if http_port:
            self._requested["http"] = http_port
        self._standard_ports = standard_ports
        self._port_offset = port_offset
        # Every port a service has bound; reused when it opens again (offline -> online).
        self._bound: dict[str, int] = {}
        # Reads the persona's rule on every use: the control API may change it.
        self.lock = LockOracle(lambda: self.persona.lockout)
        self._runner: web.AppRunner | None = None
        self._sites: dict[str, web.BaseSite] = {}
        self._servers: dict[str, asyncio.Server] = {}
        # UDP responders (SSDP), keyed like the servers.
        self._udp: dict[str, asyncio.DatagramTransport] = {}
        self._started = False
        self._sync_lock = asyncio.Lock()

    # --- state -----------------------------------------------------------------

    @property
    def http_port(self) -> int:
        """The HTTP port (0 before the first start when none was requested)."""
        return self._bound.get("http", self._requested.get("http", 0))

    @http_port.setter
    def http_port(self, port: int) -> None:
        # Takes effect at the next start (a stopped camera comes back on this port).
        self._requested["http"] = port
        self._bound.pop("http", None)

    @property
    def ports(self) -> dict[str, int]:
        """Service name -> bound port of every enabled service (kept while offline)."""
        found = {name: self._bound[name] for name in self.enabled_services() if name in self._bound}
        if "http" in found:
            found.setdefault("onvif", found["http"])
        return found

    @property
    def web_endpoint(self) -> tuple[str, int]:
        """Scheme and port of the web/ONVIF interface: plain HTTP, or HTTPS when it is off."""
        ports = self.ports
        if "http" in ports:
            return "http", ports["onvif"]
        return "https", ports.get("https", 0)

    def enabled_services(self) -> list[str]:
        """Services the persona has switched on, whether or not the camera is online."""
        persona = self.persona
        names = ["http"] if persona.serves_plain_http else []
        if persona.serves_https:
            names.append("https")
        http = standard_port(persona, "http")
        for name in persona.services:
            if name in {"http", "https", "telnet", "ssh"}:
                continue
            # ONVIF listed on the HTTP port is the HTTP listener itself.
            if name == "onvif" and persona.services[name] == http:
                continue
            names.append(name)
        if persona.telnet:
            names.append("telnet")
        if persona.ssh:
            names.append("ssh")
        if persona.upnp:
            names.append("upnp")
        return names

    def clock(self) -> float:
        """Read the camera's own clock (UNIX seconds), skewed as the persona says."""
        return time.time() + self.persona.clock_skew_s

    def is_locked(self, client: str, user: str = "") -> bool:
        """Whether the persona's lockout currently refuses this client (or account)."""
        return self.lock.is_locked(self.lock.key(client, user), time.time())

    def locked_until(self) -> dict[str, float]:
        """Lock key (client address or account) -> end of its lock, for locks in force."""
        return self.lock.locked_until(time.time())

    def unlock(self) -> None:
        """Forget failures and locks (the control API's "unlock")."""
        self.lock.clear()

    def record_login(self, client: str, protocol: str, ok: bool, user: str = "") -> str:
        """Record a login attempt, apply the lockout rule, and return its outcome.

        Outcomes: "ok", "failed", or "locked" (refused without checking the password;
        the caller must answer as the real camera does while locked).
        """
        now = time.time()
        outcome = self.lock.attempt(self.lock.key(client, user), ok, now)
        self.logins.append(LoginAttempt(client, protocol, outcome, now, user))
        if len(self.logins) > MAX_LOGINS:
            del self.logins[: MAX_LOGINS // 2]
        return outcome

    def mark_takeover(self, endpoint: str) -> None:
        """A factory-initialisation or firmware-writing endpoint was called: taken over."""
        self.takeovers.append(endpoint)

    # --- servers ---------------------------------------------------------------

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[fault_middleware])
        app["camera"] = self
        if self.persona.onvif:
            app.router.add_post(DEVICE_SERVICE, handle_device_service)
        PERSONAS[self.persona.name].install(app, self)
        return app

    def _port_for(self, service: str) -> int:
        if service in self._bound:
            return self._bound[service]
        if service in self._requested:
            return self._requested[service]
        if self._standard_ports:
            port = standard_port(self.persona, service)
            return port + self._port_offset if port else 0
        return 0

    async def start(self) -> None:
        """Bind the camera's servers; port 0 picks a free port."""
        self._started = True
        try:
            await self.sync_services()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Close every server of this camera."""
        self._started = False
        await self.sync_services()

    async def sync_services(self) -> None:
        """Open and close listeners so they match the persona and the fault state."""
        async with self._sync_lock:
            wanted = self.enabled_services() if self._started and self.faults.online else []
            for name in [n for n in self._servers if n not in wanted]:
                await self._close_server(name)
            for name in [n for n in self._udp if n not in wanted]:
                self._udp.pop(name).close()
            http_wanted = [n for n in wanted if n in HTTP_SERVICES]
            if not http_wanted:
                await self._close_http()
            else:
                for name in [n for n in self._sites if n not in http_wanted]:
                    await self._sites.pop(name).stop()
            for name in wanted:
                if name not in self._servers and name not in self._sites and name not in self._udp:
                    await self._open(name)

    async def _open(self, name: str) -> None:
        port = self._port_for(name)
        if name == "upnp":
            await self._open_udp(name, port)
            return
        try:
            sock = _listening_socket(self.host, port)
        except OSError as exc:
            # Say which service could not bind (e.g. port 80 without root, or taken).
            raise OSError(exc.errno, f"{name} on {self.host}:{port}: {exc.strerror}") from exc
        self._bound[name] = sock.getsockname()[1]
        if name in HTTP_SERVICES:
            if self._runner is None:
                self._runner = web.AppRunner(
                    self._app(),
                    access_log=None,
                    shutdown_timeout=SHUTDOWN_TIMEOUT_S,
                    # A client that gives up (timeout) cancels its handler, as a real
                    # camera stops working on a closed connection.
                    handler_cancellation=True,
                )
                await self._runner.setup()
            site = (
                QuietTlsSite(
                    self._runner,
                    sock,
                    server_context(
                        expired=self.persona.tls_expired,
                        weak_key=self.persona.tls_weak_key,
                        legacy=self.persona.tls_legacy,
                    ),
                )
                if name == "https"
                else web.SockSite(self._runner, sock)
            )
            self._sites[name] = site
            await site.start()
            return
        handler = RtspServer(self).handle if name == "rtsp" else banner_handler(self, name)
        self._servers[name] = await asyncio.start_server(handler, sock=sock)

    async def _open_udp(self, name: str, port: int) -> None:
        loop = asyncio.get_running_loop()
        try:
            transport, _ = await loop.create_datagram_endpoint(
                lambda: SsdpResponder(self), local_addr=(self.host, port)
            )
        except OSError as exc:
            raise OSError(exc.errno, f"{name} on {self.host}:{port}/udp: {exc.strerror}") from exc
        self._bound[name] = transport.get_extra_info("sockname")[1]
        self._udp[name] = transport

    async def _close_server(self, name: str) -> None:
        server = self._servers.pop(name)
        server.close()
        # Drop live connections too: an offline camera or a closed service answers nothing.
        server.close_clients()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), SHUTDOWN_TIMEOUT_S)

    async def _close_http(self) -> None:
        self._sites.clear()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            # cleanup() stops the sites and closes open (keep-alive) connections.
            await runner.cleanup()
