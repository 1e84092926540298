"""Reolink RLC-410W on v3.0.0.136_20121102 (CVE-2021-40407): JSON API with tokens.

`POST /cgi-bin/api.cgi?cmd=...&token=...` with a JSON list of commands; answers
are a JSON list with one entry per command, served as text/html and pretty-printed
with `"key" : value` spacing as the firmware does (clients match on that text).
Blank admin password, P2P and UPnP on. Sessions are limited (rspCode -5 when
full); repeated failed logins lock the client out (rspCode -506).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..camera import SimCamera

LEASE_S = 3600
MAX_SESSIONS = 8
# The P2P UID is a secret (it lets anyone with the app reach the camera).
P2P_UID = "95270001SIMREOLK"

# rspCodes of the Reolink JSON API.
MAX_SESSION = -5
LOGIN_FIRST = -6
LOGIN_FAILED = -7
NOT_SUPPORTED = -9
LOCKED = -506
# Commands that download or install firmware ("Camera HTTP API User Guide" v7, 3.1.18
# and the upload pair reolink_aio's update_firmware sends). An audit must never send
# one: the simulator counts them as a takeover.
UPGRADE_COMMANDS = frozenset({"UpgradeOnline", "UpgradePrepare", "Upgrade"})
_DETAILS = {
    MAX_SESSION: "max session",
    LOGIN_FIRST: "please login first",
    LOGIN_FAILED: "login failed",
    NOT_SUPPORTED: "not support",
    LOCKED: "Login has been locked",
    -4: "parameters error",
}


@dataclass(slots=True)
class Sessions:
    """Open token sessions: token -> (user, expiry)."""

    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)

    def open(self, user: str) -> str | None:
        """A new token, or None when every session slot is taken."""
        now = time.time()
        self.tokens = {t: s for t, s in self.tokens.items() if s[1] > now}
        if len(self.tokens) >= MAX_SESSIONS:
            return None
        token = secrets.token_hex(8)
        self.tokens[token] = (user, now + LEASE_S)
        return token

    def user(self, token: str) -> str | None:
        """The user a live token belongs to."""
        entry = self.tokens.get(token)
        return entry[0] if entry is not None and entry[1] > time.time() else None


def _error(cmd: str, code: int) -> dict[str, Any]:
    detail = _DETAILS.get(code, "error")
    return {"cmd": cmd, "code": 1, "error": {"detail": detail, "rspCode": code}}


def _ok(cmd: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"cmd": cmd, "code": 0, "value": value}


def _reply(items: list[dict[str, Any]]) -> web.Response:
    # The firmware's own formatting; reolink_aio looks for `"detail" : "..."` verbatim.
    text = json.dumps(items, indent=3, separators=(",", " : "))
    return web.Response(text=text, content_type="text/html")


def _dev_info(camera: SimCamera) -> dict[str, Any]:
    p = camera.persona
    return {
        "DevInfo": {
            "B485": 0,
            "IOInputNum": 0,
            "IOOutputNum": 0,
            "audioNum": 0,
            "buildDay": "build 20121102",
            "cfgVer": "v2.0.0.0",
            "channelNum": 1,
            "detail": "IPC_3816M100000000100000",
            "diskNum": 1,
            "exactType": "IPC",
            "firmVer": p.firmware,
            "frameworkVer": 1,
            "hardVer": "IPC_3816M",
            "model": p.model,
            "name": "Driveway",
            "pakSuffix": "pak",
            "serial": p.serial,
            "type": "IPC",
            "wifi": 1,
        }
    }


def _net_port(camera: SimCamera) -> dict[str, Any]:
    p = camera.persona
    return {
        "NetPort": {
            # A real RLC-822A with HTTP switched off: httpEnable=0, httpsEnable=1, and
            # its HTTP port closed (see persona.http_enabled).
            "httpEnable": 0 if p.tls_only else 1,
            "httpPort": 80,
            "httpsEnable": 1,
            "httpsPort": 443,
            "mediaPort": 9000,
            "onvifEnable": int(p.onvif),
            "onvifPort": 8000,
            "rtmpEnable": 1,
            "rtmpPort": 1935,
            "rtspEnable": 1,
            "rtspPort": 554,
        }
    }


def _time(camera: SimCamera) -> dict[str, Any]:
    # timeZone is 0 (UTC): the camera's local time is its UTC clock.
    now = datetime.fromtimestamp(camera.clock(), UTC)
    return {
        "Dst": {"enable": 0},
        "Time": {
            "year": now.year,
            "mon": now.month,
            "day": now.day,
            "hour": now.hour,
            "min": now.minute,
            "sec": now.second,
            "timeZone": 0,
            "timeFmt": "DD/MM/YYYY",
            "hourFmt": 0,
        },
    }


def _ability() -> dict[str, Any]:
    permit = {"permit": 6, "ver": 1}
    return {
        "Ability": {
            "abilityChn": [{"live": {"permit": 4, "ver": 1}, "mdTrigger": {"permit": 6, "ver": 1}}],
            "p2p": permit,
            "upnp": permit,
            "ntp": permit,
            "netPort": {"permit": 6, "ver": 1},
            "time": permit,
            "user": permit,
            "online": permit,
        }
    }


def _getters(camera: SimCamera) -> dict[str, Callable[[], dict[str, Any]]]:
    p = camera.persona
    users = [{"level": "admin", "userName": name} for name in sorted(p.users)]
    return {
        "GetDevInfo": lambda: _dev_info(camera),
        "GetP2p": lambda: {"P2p": {"enable": int(p.cloud), "uid": P2P_UID}},
        "GetUpnp": lambda: {"Upnp": {"enable": int(p.upnp)}},
        "GetNtp": lambda: {
            "Ntp": {"enable": int(p.ntp), "interval": 1440, "port": 123, "server": "pool.ntp.org"}
        },
        "GetNetPort": lambda: _net_port(camera),
        "GetLocalLink": lambda: {"LocalLink": {"activeLink": "LAN", "mac": p.mac, "type": "DHCP"}},
        "GetUser": lambda: {"User": users},
        "GetHddInfo": lambda: {
            "HddInfo": [{"capacity": 30432, "format": 1, "id": 0, "mount": 1, "size": 27001}]
        },
        "GetTime": lambda: _time(camera),
        "GetAbility": _ability,
        # The camera asks Reolink's cloud (simulated): this 2020 firmware is long
        # superseded, so a newer one is offered. Answer shape from the API guide v7, 3.1.17.
        "CheckFirmware": lambda: {"newFirmware": 1},
    }


def _login(
    request: web.Request, camera: SimCamera, sessions: Sessions, command: dict[str, Any]
) -> dict[str, Any]:
    user_param = command.get("param", {}).get("User", {}) if isinstance(command, dict) else {}
    user = str(user_param.get("userName", ""))
    password = str(user_param.get("password", ""))
    expected = camera.persona.users.get(user)
    ok = expected is not None and secrets.compare_digest(expected, password)
    outcome = camera.record_login(request.remote or "?", "reolink", ok, user)
    if outcome == "locked":
        return _error("Login", LOCKED)
    if outcome == "failed":
        return _error("Login", LOGIN_FAILED)
    token = sessions.open(user)
    if token is None:
        return _error("Login", MAX_SESSION)
    return _ok("Login", {"Token": {"leaseTime": LEASE_S, "name": token}})


def _online(sessions: Sessions, camera: SimCamera) -> dict[str, Any]:
    online = [
        {"canbeDisconn": 0, "ip": camera.host, "sessionId": 1000 + i, "userName": user}
        for i, (user, _) in enumerate(sessions.tokens.values())
    ]
    return {"User": online}


def install(app: web.Application, camera: SimCamera) -> None:
    """Add the JSON API at /cgi-bin/api.cgi."""
    sessions = Sessions()
    getters = _getters(camera)

    async def api(request: web.Request) -> web.Response:
        try:
            commands = json.loads(await request.read())
        except ValueError:
            return _reply([_error(request.query.get("cmd", ""), -4)])
        if not isinstance(commands, list) or not commands:
            return _reply([_error(request.query.get("cmd", ""), -4)])
        first = commands[0] if isinstance(commands[0], dict) else {}
        if first.get("cmd") == "Login":
            return _reply([_login(request, camera, sessions, first)])
        token = request.query.get("token", "")
        if sessions.user(token) is None:
            return _reply([_error(str(c.get("cmd", "")), LOGIN_FIRST) for c in _dicts(commands)])
        answers = []
        for command in _dicts(commands):
            cmd = str(command.get("cmd", ""))
            if cmd == "Logout":
                sessions.tokens.pop(token, None)
                answers.append(_ok(cmd, {"rspCode": 200}))
            elif cmd == "GetOnline":
                answers.append(_ok(cmd, _online(sessions, camera)))
            elif cmd in UPGRADE_COMMANDS:
                camera.mark_takeover(f"reolink {cmd}")
                answers.append(_ok(cmd, {"rspCode": 200}))
            elif cmd in getters:
                answers.append(_ok(cmd, getters[cmd]()))
            else:
                answers.append(_error(cmd, NOT_SUPPORTED))
        return _reply(answers)

    app.router.add_route("*", "/cgi-bin/api.cgi", api)


def _dicts(commands: list[Any]) -> list[dict[str, Any]]:
    return [c if isinstance(c, dict) else {} for c in commands]
