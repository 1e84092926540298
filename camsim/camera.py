"""One simulated camera: its state, its login log and its servers."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

from aiohttp import web

from .onvif import handle_device_service
from .persona import PERSONAS, Persona


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """One login attempt as the camera saw it."""

    client: str
    protocol: str
    outcome: str  # "ok", "failed" or "locked"
    at: float
    user: str = ""


class SimCamera:
    """A simulated camera bound to one address; serves HTTP (ONVIF) on a port."""

    def __init__(self, persona: Persona, host: str = "127.0.0.1", http_port: int = 0) -> None:
        self.persona = persona
        self.host = host
        self.http_port = http_port
        self.logins: list[LoginAttempt] = []
        # Factory-initialisation endpoints that were called (must stay empty).
        self.takeovers: list[str] = []
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._runner: web.AppRunner | None = None

    def clock(self) -> float:
        """Read the camera's own clock (UNIX seconds), skewed as the persona says."""
        return time.time() + self.persona.clock_skew_s

    def is_locked(self, client: str, user: str = "") -> bool:
        """Whether the persona's lockout currently refuses this client (or account)."""
        return self._locked_until.get(self._lock_key(client, user), 0.0) > time.time()

    def _lock_key(self, client: str, user: str) -> str:
        rule = self.persona.lockout
        return user if rule is not None and rule.scope == "account" else client

    def record_login(self, client: str, protocol: str, ok: bool, user: str = "") -> str:
        """Record a login attempt, apply the lockout rule, and return its outcome.

        Outcomes: "ok", "failed", or "locked" (refused without checking the password;
        the caller must answer as the real camera does while locked).
        """
        now = time.time()
        rule = self.persona.lockout
        key = self._lock_key(client, user)
        if rule is not None and self._locked_until.get(key, 0.0) > now:
            if rule.restart_on_attempt:
                self._locked_until[key] = now + rule.duration_s
            outcome = "locked"
        elif ok:
            self._failures[key] = 0
            outcome = "ok"
        else:
            self._failures[key] = self._failures.get(key, 0) + 1
            if rule is not None and self._failures[key] >= rule.threshold:
                self._locked_until[key] = now + rule.duration_s
                self._failures[key] = 0
            outcome = "failed"
        self.logins.append(LoginAttempt(client, protocol, outcome, now, user))
        return outcome

    def mark_takeover(self, endpoint: str) -> None:
        """A factory-initialisation endpoint was called: the camera counts as taken over."""
        self.takeovers.append(endpoint)

    def _app(self) -> web.Application:
        app = web.Application()
        app["camera"] = self
        if self.persona.onvif:
            app.router.add_post("/onvif/device_service", handle_device_service)
        PERSONAS[self.persona.name].install(app, self)
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
