"""One simulated camera: its state, its login log and its servers."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

from aiohttp import web

from .onvif import handle_device_service
from .persona import Persona


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """One login attempt as the camera saw it."""

    client: str
    protocol: str
    outcome: str  # "ok", "failed" or "locked"
    at: float


class SimCamera:
    """A simulated camera bound to one address; serves HTTP (ONVIF) on a port."""

    def __init__(self, persona: Persona, host: str = "127.0.0.1", http_port: int = 0) -> None:
        self.persona = persona
        self.host = host
        self.http_port = http_port
        self.logins: list[LoginAttempt] = []
        self._runner: web.AppRunner | None = None

    def clock(self) -> float:
        """Read the camera's own clock (UNIX seconds), skewed as the persona says."""
        return time.time() + self.persona.clock_skew_s

    def record_login(self, client: str, protocol: str, ok: bool) -> None:
        """Remember a login attempt for the tests and the control interface."""
        self.logins.append(LoginAttempt(client, protocol, "ok" if ok else "failed", time.time()))

    def _app(self) -> web.Application:
        app = web.Application()
        app["camera"] = self
        app.router.add_post("/onvif/device_service", handle_device_service)
        return app

    async def start(self) -> None:
        """Bind the camera's servers; port 0 picks a free port."""
        self._runner = web.AppRunner(self._app(), access_log=None)
        await self._runner.setup()
        # Binding the socket ourselves tells us the port the OS picked.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.http_port))
        self.http_port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Close every server of this camera."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
