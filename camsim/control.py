"""The control interface: an HTTP JSON API to read and change simulated cameras.

One per process, on its own port, serving every camera of the process:

    GET   /cameras                  list: id, persona, address, ports, online, url
    GET   /cameras/{id}             ground truth: persona fields, truth(), ports, faults
    GET   /cameras/{id}/logins      login log (client, protocol, outcome, at, user) + locks
    GET   /cameras/{id}/takeovers   factory-initialisation endpoints that were called
    PATCH /cameras/{id}             change state at run time (see `apply_patch`)

A test tool: it shows passwords and is meant for loopback only.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from .camera import SimCamera
from .lock import Lockout
from .persona import Persona

# Persona fields PATCH may change, with the JSON types each accepts.
_BOOL = (bool,)
_NUMBER = (int, float)
PATCHABLE: dict[str, tuple[type, ...]] = {
    "firmware": (str,),
    "model": (str,),
    "cloud": _BOOL,
    "upnp": _BOOL,
    "telnet": _BOOL,
    "ssh": _BOOL,
    "https_only": _BOOL,
    "http_enabled": _BOOL,
    "rtsp_anonymous": _BOOL,
    "onvif_anonymous": _BOOL,
    "ntp": _BOOL,
    "clock_skew_s": _NUMBER,
    "wsse_tolerance_s": _NUMBER,
    "anonymous_snapshot": _BOOL,
    "online_upgrade": _BOOL,
    "offered_firmware": (str,),
}
FAULTS: dict[str, tuple[type, ...]] = {"online": _BOOL, "slow_s": _NUMBER, "malformed": _BOOL}


class PatchError(ValueError):
    """A PATCH body the control API refuses (unknown field or wrong type)."""


def _typed(name: str, value: Any, types: tuple[type, ...]) -> Any:
    # bool is an int in Python; a number field must not accept true/false.
    if isinstance(value, bool) and bool not in types:
        raise PatchError(f"{name}: expected a number")
    if not isinstance(value, types):
        raise PatchError(f"{name}: expected {'/'.join(t.__name__ for t in types)}")
    return float(value) if isinstance(value, int | float) and types is _NUMBER else value


def _forwards(name: str, value: Any) -> dict[int, str]:
    # JSON object keys are strings: {"8080": "http"} forwards external 8080 to HTTP.
    if not isinstance(value, dict):
        raise PatchError(f"{name}: expected an object of external port -> service name")
    forwards: dict[int, str] = {}
    for port, service in value.items():
        if not (str(port).isdigit() and 1 <= int(port) <= 65535) or not isinstance(service, str):
            raise PatchError(f"{name}: expected an object of external port -> service name")
        forwards[int(port)] = service
    return forwards


def _accounts(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise PatchError(f"{name}: expected an object of user name -> password")
    return dict(value)


def _findings(name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PatchError(f"{name}: expected a list of rule names")
    return tuple(value)


async def apply_patch(camera: SimCamera, changes: dict[str, Any]) -> None:
    """Apply a PATCH body to a camera, all or nothing.

    Persona fields in PATCHABLE; "users" (replace all accounts), "password" (set the
    password of the named accounts, creating them if needed); "port_forwards" (replace
    the simulated router's forwards to this camera: {"8080": "http"}); fault knobs "online",
    "slow_s" (seconds of delay per answer), "malformed"; "unlock": true (forget
    failures and locks); "clear_logins": true (empty the login log); "lockout": false
    (brute-force protection off) / true (the common 5 failures / 30 min rule);
    "password_findings": the rules the first account's new password breaks (ground truth
    for password_strength; a password change without it leaves that truth unlabelled). Listeners
    open/close as telnet, ssh, https_only, http_enabled (false closes plain HTTP
    entirely), online say.
    """
    persona_changes: dict[str, Any] = {}
    fault_changes: dict[str, Any] = {}
    users: dict[str, str] | None = None
    passwords: dict[str, str] = {}
    unlock = clear_logins = False
    forwards: dict[int, str] | None = None
    lockout: bool | None = None
    findings: tuple[str, ...] | None = None
    for name, value in changes.items():
        if name in PATCHABLE:
            persona_changes[name] = _typed(name, value, PATCHABLE[name])
        elif name in FAULTS:
            fault_changes[name] = _typed(name, value, FAULTS[name])
        elif name == "users":
            users = _accounts(name, value)
        elif name == "password":
            passwords = _accounts(name, value)
        elif name == "port_forwards":
            forwards = _forwards(name, value)
        elif name == "lockout":
            lockout = _typed(name, value, _BOOL)
        elif name == "password_findings":
            findings = _findings(name, value)
        elif name == "unlock":
            unlock = _typed(name, value, _BOOL)
        elif name == "clear_logins":
            clear_logins = _typed(name, value, _BOOL)
        else:
            raise PatchError(f"{name}: not a field the control API changes")
    if fault_changes.get("slow_s", 0.0) < 0:
        raise PatchError("slow_s: must not be negative")
    for name, value in persona_changes.items():
        setattr(camera.persona, name, value)
    for name, value in fault_changes.items():
        setattr(camera.faults, name, value)
    if lockout is not None:
        # Off: the camera's brute-force protection is switched off; on: the common rule.
        camera.persona.lockout = Lockout() if lockout else None
    if users is not None or passwords:
        # A new password's findings are unknown unless the same PATCH labels them.
        camera.persona.password_findings = findings
    elif findings is not None:
        camera.persona.password_findings = findings
    if users is not None:
        camera.persona.users = users
    camera.persona.users.update(passwords)
    if forwards is not None:
        camera.port_forwards = forwards
    if unlock:
        camera.unlock()
    if clear_logins:
        camera.logins.clear()
    await camera.sync_services()


def ground_truth(camera: SimCamera) -> dict[str, Any]:
    """Everything the simulator knows about a camera, as JSON-ready data."""
    persona: Persona = camera.persona
    fields = dataclasses.asdict(persona)
    fields["rtsp_paths"] = list(persona.rtsp_paths)
    return {
        "persona": fields,
        "truth": persona.truth(),
        "address": camera.host,
        "ports": camera.ports,
        "faults": dataclasses.asdict(camera.faults),
        "takeovers": list(camera.takeovers),
        # External port -> service the simulated router forwards to this camera.
        "port_forwards": {str(port): service for port, service in camera.port_forwards.items()},
    }


class ControlServer:
    """Serves the control API for a set of cameras, keyed by id."""

    def __init__(self, cameras: dict[str, SimCamera] | Iterable[SimCamera]) -> None:
        if isinstance(cameras, dict):
            self.cameras = dict(cameras)
        else:
            self.cameras = {str(n): cam for n, cam in enumerate(cameras, start=1)}
        self.host = "127.0.0.1"
        self.port = 0
        self._runner: web.AppRunner | None = None

    def url(self, camera_id: str | None = None) -> str:
        """The API's base URL, or the URL of one camera."""
        base = f"http://{self.host}:{self.port}/cameras"
        return base if camera_id is None else f"{base}/{camera_id}"

    def _summary(self, camera_id: str, camera: SimCamera) -> dict[str, Any]:
        return {
            "id": camera_id,
            "persona": camera.persona.name,
            "address": camera.host,
            "ports": camera.ports,
            "online": camera.faults.online,
            "control": self.url(camera_id),
        }

    def _camera(self, request: web.Request) -> SimCamera:
        camera: SimCamera | None = self.cameras.get(request.match_info["id"])
        if camera is None:
            raise web.HTTPNotFound(
                text='{"error": "no such camera"}', content_type="application/json"
            )
        return camera

    async def _list(self, _request: web.Request) -> web.Response:
        return web.json_response([self._summary(cid, cam) for cid, cam in self.cameras.items()])

    async def _show(self, request: web.Request) -> web.Response:
        return web.json_response(ground_truth(self._camera(request)))

    async def _logins(self, request: web.Request) -> web.Response:
        camera = self._camera(request)
        return web.json_response(
            {
                "logins": [dataclasses.asdict(attempt) for attempt in camera.logins],
                "locked_until": camera.locked_until(),
            }
        )

    async def _takeovers(self, request: web.Request) -> web.Response:
        return web.json_response({"takeovers": list(self._camera(request).takeovers)})

    async def _patch(self, request: web.Request) -> web.Response:
        camera = self._camera(request)
        try:
            changes = await request.json()
        except ValueError:
            return web.json_response({"error": "body is not JSON"}, status=400)
        if not isinstance(changes, dict):
            return web.json_response({"error": "body must be a JSON object"}, status=400)
        try:
            await apply_patch(camera, changes)
        except PatchError as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response(ground_truth(camera))

    def app(self) -> web.Application:
        """The aiohttp application of the API."""
        app = web.Application()
        app.router.add_get("/cameras", self._list)
        app.router.add_get("/cameras/{id}", self._show)
        app.router.add_get("/cameras/{id}/logins", self._logins)
        app.router.add_get("/cameras/{id}/takeovers", self._takeovers)
        app.router.add_patch("/cameras/{id}", self._patch)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve the API; port 0 picks a free port (read it back from `port`)."""
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self.host, self.port = host, sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Stop serving the API."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
