"""Foscam HD camera: CGIProxy.fcgi with credentials in the query string, blank admin password.

The real camera serves CGIProxy on HTTP port 88 (`services["http"]`); the simulator
serves it on the camera's HTTP port, which tests pick at random. Every call carries
`usr=` and `pwd=`: a wrong pair is a failed login (result -2). A call without `usr`
at all is answered as malformed (-1) and not counted as a login: that is the
simulator's choice, unverified on a real camera. ONVIF answers on the same port here
(real Foscams use `onvifPort`, often 888); getPortInfo reports the simulator's port.
Simulated, unverified: getP2PEnable (`enable`) and the sign of getSystemTime's
timeZone (seconds to add to local time to get UTC; always 0 here).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from aiohttp import web

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..camera import SimCamera

# CGI_Result codes (Foscam CGI SDK): 0 ok, -1 malformed request, -2 bad credentials,
# -3 access denied / unsupported command.
OK, MALFORMED, BAD_CREDENTIALS, DENIED = 0, -1, -2, -3


def _result(code: int, fields: dict[str, object] | None = None) -> web.Response:
    inner = "".join(f"<{key}>{escape(str(value))}</{key}>" for key, value in (fields or {}).items())
    return web.Response(
        text=f"<CGI_Result><result>{code}</result>{inner}</CGI_Result>", content_type="text/xml"
    )


def _dev_info(camera: SimCamera) -> dict[str, object]:
    p = camera.persona
    return {
        "productName": p.model,
        "serialNo": p.serial,
        "devName": "Foscam",
        "mac": p.mac.replace(":", "").upper(),
        "firmwareVer": p.firmware,
        "hardwareVer": "1.4.1.10",
    }


def _port_info(camera: SimCamera) -> dict[str, object]:
    services = camera.persona.services
    return {
        "webPort": camera.http_port,
        "mediaPort": camera.http_port,
        "httpsPort": services.get("https", 443),
        "onvifPort": camera.http_port,
    }


def _system_time(camera: SimCamera) -> dict[str, object]:
    now = datetime.fromtimestamp(camera.clock(), UTC)
    return {
        # 0: synchronised with an NTP server, 1: set by hand.
        "timeSource": 0 if camera.persona.ntp else 1,
        "ntpServer": "time.nist.gov",
        "timeZone": 0,
        "year": now.year,
        "mon": now.month,
        "day": now.day,
        "hour": now.hour,
        "minute": now.minute,
        "sec": now.second,
    }


def _ip_info(camera: SimCamera) -> dict[str, object]:
    return {"isDHCP": 1, "ip": camera.host, "gate": "0.0.0.0", "mask": "255.255.255.0"}


_COMMANDS: dict[str, Callable[[SimCamera], dict[str, object]]] = {
    "getDevInfo": _dev_info,
    "getPortInfo": _port_info,
    "getUPnPConfig": lambda cam: {"isEnable": int(cam.persona.upnp)},
    "getSystemTime": _system_time,
    "getP2PEnable": lambda cam: {"enable": int(cam.persona.cloud)},
    "getIPInfo": _ip_info,
}


async def _cgi_proxy(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    if "usr" not in request.query:
        return _result(MALFORMED)
    user = request.query["usr"]
    expected = camera.persona.users.get(user)
    ok = expected is not None and expected == request.query.get("pwd", "")
    if camera.record_login(request.remote or "?", "http", ok, user) != "ok":
        return _result(BAD_CREDENTIALS)
    command = _COMMANDS.get(request.query.get("cmd", ""))
    if command is None:
        return _result(DENIED)
    return _result(OK, command(camera))


def install(app: web.Application, camera: SimCamera) -> None:
    """CGIProxy.fcgi, the single entry point of Foscam's HTTP API."""
    app.router.add_get("/cgi-bin/CGIProxy.fcgi", _cgi_proxy)
