"""Samsung SmartCam / Hanwha Techwin SNH-V6410PN: the seed case (SUNAPI plus ONVIF).

Firmware 1.13_170609 is below 1.16_171212, the range of CVE-2018-6302/-6303 (the
SmartCam line is end of life). Factory credentials admin/4321 are still in use, the
vendor cloud is on, the admin interface speaks plain HTTP only, and there is no
brute-force protection.

SUNAPI answers key=value text over HTTP digest (realm "iPolis"). Real submenus:
system.cgi deviceinfo/date, security.cgi users, network.cgi upnpdiscovery, bonjour,
http, portconf. Simulated, not verified on a real camera: the cloud submenu
(`network.cgi?msubmenu=cloud`), the PasswordStrength values ("Default" while the
admin password is the factory one, "Strong" otherwise) and the date field formats.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aiohttp import web

from ..auth import require_http_auth
from ..keyvalue import key_value_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..camera import SimCamera

REALM = "iPolis"
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def _kv(lines: dict[str, object]) -> web.Response:
    return web.Response(text=key_value_text(lines), content_type="text/plain")


def _flag(value: bool) -> str:
    return "True" if value else "False"


def _device_info(camera: SimCamera) -> web.Response:
    p = camera.persona
    factory_admin = p.users.get("admin") == p.factory_users.get("admin")
    return _kv(
        {
            "Model": p.model,
            "SerialNumber": p.serial,
            "FirmwareVersion": p.firmware,
            "BuildDate": "2017-06-09",
            "DeviceType": "NWC",
            "ONVIFVersion": "2.4",
            "PasswordStrength": "Default" if factory_admin else "Strong",
            "ConnectedMACAddress": p.mac.upper(),
        }
    )


def _date(camera: SimCamera) -> web.Response:
    now = datetime.fromtimestamp(camera.clock(), UTC)
    return _kv(
        {
            "LocalTime": now.strftime(_DATE_FORMAT),
            "UTCTime": now.strftime(_DATE_FORMAT),
            "SyncType": "NTP" if camera.persona.ntp else "Manual",
            "NTPURLList": "pool.ntp.org" if camera.persona.ntp else "",
        }
    )


def _users(camera: SimCamera) -> web.Response:
    lines: dict[str, object] = {}
    for index, name in enumerate(camera.persona.users):
        lines[f"Users.{index}.UserID"] = name
        lines[f"Users.{index}.Enable"] = "True"
    return _kv(lines)


def _ports(camera: SimCamera) -> web.Response:
    services = camera.persona.services
    return _kv(
        {
            "HTTPPort": camera.http_port,
            "HTTPSPort": services.get("https", 443),
            "RTSPPort": services.get("rtsp", 554),
        }
    )


def _http(camera: SimCamera) -> web.Response:
    return _kv({"Port": camera.http_port, "HTTPSEnable": _flag("https" in camera.persona.services)})


_VIEWS: dict[tuple[str, str], Callable[[SimCamera], web.Response]] = {
    ("system", "deviceinfo"): _device_info,
    ("system", "date"): _date,
    ("security", "users"): _users,
    ("network", "portconf"): _ports,
    ("network", "http"): _http,
    ("network", "upnpdiscovery"): lambda cam: _kv({"Enable": _flag(cam.persona.upnp)}),
    ("network", "bonjour"): lambda cam: _kv({"Enable": _flag(cam.persona.upnp)}),
    ("network", "cloud"): lambda cam: _kv({"Enable": _flag(cam.persona.cloud)}),
}


async def _stw_cgi(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    require_http_auth(request, camera, realm=REALM)
    cgi = request.match_info["cgi"]
    view = _VIEWS.get((cgi, request.query.get("msubmenu", "")))
    if view is None or request.query.get("action") != "view":
        # SUNAPI's "NG" answer for an unsupported submenu or action.
        return web.Response(status=200, text="NG\r\nError Code: 600\r\n")
    return view(camera)


async def _pw_init(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    submenu = request.query.get("msubmenu", "")
    if submenu == "statuscheck" and request.query.get("action") == "view":
        return _kv({"Initialized": "True"})
    if submenu == "setinitpassword":
        # Factory initialisation: on a camera in factory state this takes it over.
        camera.mark_takeover("pw_init.cgi setinitpassword")
        return _kv({"Result": "OK"})
    return web.Response(status=200, text="NG\r\nError Code: 600\r\n")


def install(app: web.Application, camera: SimCamera) -> None:
    """SUNAPI routes: pw_init (no auth) and the digest-protected stw-cgi views."""
    app.router.add_get("/init-cgi/pw_init.cgi", _pw_init)
    app.router.add_get("/stw-cgi/{cgi:system|security|network}.cgi", _stw_cgi)
