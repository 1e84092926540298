"""Amcrest IP2M-841B (Dahua OEM) on 2.420.AC00.17.R, a build hit by CVE-2020-5735.

Dahua CGI over HTTP digest (realm "Login to <serial>", as Dahua firmware
sends): magicBox.cgi, configManager.cgi (`table.X.Y=value` lines) and
userManager.cgi. Factory admin/admin still set, T2UServer (Easy4IP/Amcrest
P2P) on, telnet on, UPnP off, NTP on. Lockout: 5 failures lock the client
for 1800 s (General.LockLoginTimes / LoginFailLockTime).

Modelling choices: VSP_PaaS is not a config name on this build (403
"Authority:check failure.", as Dahua answers unknown names); the legacy
888888/666666 accounts are factory accounts of the family but absent here
(a test can add them).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web

from ..auth import require_http_auth
from ..keyvalue import CRLF, key_value_text
from ..snapshot import mjpeg, still_image

if TYPE_CHECKING:
    from ..camera import SimCamera

Render = Callable[["SimCamera", web.Request], web.Response]
Handler = Callable[[web.Request], Awaitable[web.Response]]

_TEXT = "text/plain"
AUTHORITY_FAILURE = f"Error{CRLF}Authority:check failure.{CRLF}"
BAD_REQUEST = f"Error{CRLF}Bad Request!{CRLF}"
# Account name -> Dahua user group (the legacy 888888 is an admin, 666666 a user).
GROUPS = {"admin": "admin", "888888": "admin", "666666": "user"}


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _magic_box(camera: SimCamera, action: str) -> str | None:
    p = camera.persona
    answers = {
        "getSystemInfo": {
            "appAutoStart": "true",
            "deviceType": p.model,
            "hardwareVersion": "1.00",
            "processor": "S2LM",
            "serialNumber": p.serial,
            "updateSerial": "IPC-HX2X2X-Rhea",
        },
        "getSoftwareVersion": {"version": p.firmware},
        "getDeviceType": {"type": p.model},
        "getVendor": {"vendor": p.manufacturer},
        "getMachineName": {"name": p.serial},
        "getSerialNo": {"sn": p.serial},
        "getHardwareVersion": {"version": "1.00"},
    }
    pairs = answers.get(action)
    return None if pairs is None else key_value_text(pairs)


def _config_tables(camera: SimCamera) -> dict[str, dict[str, str]]:
    p = camera.persona
    rule = p.lockout
    return {
        "General": {
            "LocalNo": "8",
            "LockLoginEnable": _bool(rule is not None),
            "LockLoginTimes": str(rule.threshold if rule else 0),
            "LoginFailLockTime": str(int(rule.duration_s) if rule else 0),
            "MachineName": p.serial,
        },
        "Network": {
            "DefaultInterface": "eth0",
            "Hostname": "IPC",
            "eth0.DhcpEnable": "true",
            "eth0.IPAddress": camera.host,
            "eth0.PhysicalAddress": p.mac,
        },
        "NTP": {
            "Address": "pool.ntp.org",
            "Enable": _bool(p.ntp),
            "Port": "123",
            "TimeZone": "0",
            "UpdatePeriod": "10",
        },
        "RTSP": {"Enable": _bool("rtsp" in p.services), "Port": str(p.services.get("rtsp", 554))},
        "T2UServer": {"Enable": _bool(p.cloud)},
        "Telnet": {"Enable": _bool(p.telnet)},
        "UPnP": {
            "Enable": _bool(p.upnp),
            "MapTable[0].Enable": _bool(p.upnp),
            "MapTable[0].InnerPort": "80",
            "MapTable[0].OuterPort": "8080",
            "MapTable[0].Protocol": "TCP",
            "MapTable[0].ServiceName": "HTTP",
        },
        "VSP_ONVIF": {"ServiceStart": _bool(p.onvif)},
    }


def _config(camera: SimCamera, request: web.Request) -> web.Response:
    if request.query.get("action") != "getConfig":
        return web.Response(status=400, text=BAD_REQUEST, content_type=_TEXT)
    name = request.query.get("name", "")
    table = _config_tables(camera).get(name)
    if table is None:
        # Dahua cannot tell "no such config" from "not allowed": both are this 403.
        return web.Response(status=403, text=AUTHORITY_FAILURE, content_type=_TEXT)
    pairs = {f"table.{name}.{key}": value for key, value in table.items()}
    return web.Response(text=key_value_text(pairs), content_type=_TEXT)


def _users(camera: SimCamera, request: web.Request) -> web.Response:
    if request.query.get("action") != "getUserInfoAll":
        return web.Response(status=400, text=BAD_REQUEST, content_type=_TEXT)
    pairs: dict[str, str] = {}
    for index, name in enumerate(camera.persona.users):
        group = GROUPS.get(name, "user")
        pairs |= {
            f"users[{index}].Group": group,
            f"users[{index}].Id": str(index + 1),
            f"users[{index}].Memo": f"{name} 's account",
            f"users[{index}].Name": name,
            f"users[{index}].Reserved": _bool(name in GROUPS),
            f"users[{index}].Sharable": "true",
        }
    return web.Response(text=key_value_text(pairs), content_type=_TEXT)


def _magic_box_handler(camera: SimCamera, request: web.Request) -> web.Response:
    text = _magic_box(camera, request.query.get("action", ""))
    if text is None:
        return web.Response(status=400, text=BAD_REQUEST, content_type=_TEXT)
    return web.Response(text=text, content_type=_TEXT)


def _cgi(render: Render) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        camera: SimCamera = request.app["camera"]
        require_http_auth(request, camera, realm=_dahua_realm(camera))
        return render(camera, request)

    return handler


async def _rpc2(request: web.Request) -> web.Response:
    """RPC2 stub: only device initialisation is modelled, and it marks a takeover."""
    camera: SimCamera = request.app["camera"]
    try:
        call = json.loads(await request.read())
        method = str(call.get("method", ""))
    except ValueError, AttributeError:
        return web.json_response({"result": False, "error": {"code": 268959743}})
    if method.startswith("DevInit."):
        camera.mark_takeover(f"dahua RPC2 {method}")
        return web.json_response({"result": True, "params": None, "id": call.get("id", 0)})
    return web.json_response({"result": False, "error": {"code": 268894209}})


def install(app: web.Application, camera: SimCamera) -> None:
    """Add the CGI routes (digest-protected) and the RPC2 initialisation stub."""
    app.router.add_get("/cgi-bin/magicBox.cgi", _cgi(_magic_box_handler))
    app.router.add_get("/cgi-bin/configManager.cgi", _cgi(_config))
    app.router.add_get("/cgi-bin/userManager.cgi", _cgi(_users))
    app.router.add_post("/RPC2", _rpc2)
    app.router.add_get("/cgi-bin/snapshot.cgi", still_image(_dahua_realm))
    app.router.add_get("/cgi-bin/mjpg/video.cgi", mjpeg(_dahua_realm))


def _dahua_realm(camera: SimCamera) -> str:
    return f"Login to {camera.persona.serial}"
