"""Hikvision DS-2CD2142FWD-I on V5.4.0 build 160530 (inside the CVE-2017-7921 range).

ISAPI over HTTP digest (basic accepted too, as this firmware line did). The
password was changed from the factory 12345; EZVIZ/Hik-Connect, UPnP and SSH
are on, telnet off, plain HTTP allowed, NTP on. Lockout: 5 failures from one
client address lock it for 30 minutes, and any attempt during the lock
restarts the timer.

Modelling choices (documented because real firmware varies):
- A 401 from /ISAPI/Security/userCheck carries the userCheck XML with
  lockStatus, unlockTime and retryLoginTime for the asking client, also for the
  unauthenticated first request of the digest handshake. That lets a careful
  client read the lock state before it sends any credential.
- GET /ISAPI/System/Network/EZVIZ never includes the verificationCode (current
  firmware only hands it out encrypted on request).
- ISAPI online upgrade (persona.online_upgrade, .offered_firmware): capabilities as a
  real DS-2CD2387G3 answered them (tests/fixtures/real/hikvision/DS-2CD2387G3-LIS2UY);
  /server reports connectStatus true (the simulated camera reaches Hikvision); /version
  answers, without the feature, that camera's captured notSupport ResponseStatus, and
  with it `newVersion` and `changeLog` (the version information the ISAPI guide's
  OnlineUpgradeCap describes) under a root named like its siblings, OnlineUpgradeVersion
  (no source shows the real root; clients must not rely on it). Anything that would
  download or install firmware (or change upgrade settings) counts as a takeover.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aiohttp import web

from ..auth import require_http_auth
from ..snapshot import still_image

if TYPE_CHECKING:
    from ..camera import SimCamera

ISAPI_NS = "http://www.hikvision.com/ver20/XMLSchema"
SERVER = "App-webs/"
_XML_TYPE = "application/xml"

# A renderer gives the inner XML of its route's root, or (root, inner) to answer another.
Render = Callable[["SimCamera", web.Request, str], str | tuple[str, str]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _realm(camera: SimCamera) -> str:
    return f"IP Camera({camera.persona.serial[-5:]})"


def _xml(root: str, inner: str, status: int = 200) -> web.Response:
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} version="2.0" xmlns="{ISAPI_NS}">'
        f"{inner}</{root}>"
    )
    return web.Response(status=status, text=text, content_type=_XML_TYPE)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _user_check_failure(camera: SimCamera, client: str) -> str:
    # The camera's own counters (camsim/lock.py), as the real one reports them.
    state = camera.lock.state(camera.lock.key(client, ""), time.time())
    return (
        "<statusValue>401</statusValue><statusString>Unauthorized</statusString>"
        f"<lockStatus>{'lock' if state.locked else 'unlock'}</lockStatus>"
        f"<unlockTime>{state.unlock_in}</unlockTime>"
        f"<retryLoginTime>{state.attempts_left}</retryLoginTime>"
    )


def _protected(render: Render, root: str) -> Handler:
    """Wrap a renderer of `root`'s inner XML with the camera's HTTP authentication."""

    async def handler(request: web.Request) -> web.StreamResponse:
        camera: SimCamera = request.app["camera"]
        try:
            user = require_http_auth(request, camera, realm=_realm(camera), allow_basic=True)
        except web.HTTPUnauthorized as refused:
            challenge = {"WWW-Authenticate": refused.headers["WWW-Authenticate"]}
            if root == "userCheck":
                body = _user_check_failure(camera, request.remote or "?")
                response = _xml(root, body, status=401)
            else:
                inner = "<statusCode>4</statusCode><statusString>Invalid Operation</statusString>"
                inner += "<subStatusCode>unAuthorized</subStatusCode>"
                response = _xml("ResponseStatus", inner, status=401)
            response.headers.update(challenge)
            return response
        rendered = render(camera, request, user)
        if isinstance(rendered, tuple):
            return _xml(*rendered)
        return _xml(root, rendered)

    return handler


def _is_risky(password: str) -> bool:
    classes = sum(
        any(test(ch) for ch in password) for test in (str.islower, str.isupper, str.isdigit)
    ) + any(not ch.isalnum() for ch in password)
    return len(password) < 8 or classes < 2


def _user_check(camera: SimCamera, request: web.Request, user: str) -> str:
    password = camera.persona.users.get(user, "")
    is_default = camera.persona.factory_users.get(user) == password
    return (
        "<statusValue>200</statusValue><statusString>OK</statusString>"
        f"<isDefaultPassword>{_bool(is_default)}</isDefaultPassword>"
        f"<isRiskPassword>{_bool(_is_risky(password))}</isRiskPassword>"
        "<isActivated>true</isActivated>"
    )


def _device_info(camera: SimCamera, request: web.Request, user: str) -> str:
    p = camera.persona
    version, _, build = p.firmware.partition(" build ")
    return (
        f"<deviceName>IP CAMERA</deviceName><deviceID>{p.serial[-9:]}</deviceID>"
        f"<model>{p.model}</model><serialNumber>{p.serial}</serialNumber>"
        f"<macAddress>{p.mac}</macAddress><firmwareVersion>{version}</firmwareVersion>"
        f"<firmwareReleasedDate>build {build}</firmwareReleasedDate>"
        "<encoderVersion>V5.0</encoderVersion><deviceType>IPCamera</deviceType>"
    )


def _ezviz(camera: SimCamera, request: web.Request, user: str) -> str:
    registered = _bool(camera.persona.cloud)
    return (
        f"<enabled>{_bool(camera.persona.cloud)}</enabled><registerStatus>{registered}"
        "</registerStatus><redirect>true</redirect><serverAddress><addressingFormatType>"
        "hostname</addressingFormatType><hostName>dev.ezvizlife.com</hostName></serverAddress>"
    )


def _upnp(camera: SimCamera, request: web.Request, user: str) -> str:
    return f"<enabled>{_bool(camera.persona.upnp)}</enabled><name>{camera.persona.model}</name>"


def _ssh(camera: SimCamera, request: web.Request, user: str) -> str:
    return f"<enabled>{_bool(camera.persona.ssh)}</enabled>"


def _telnetd(camera: SimCamera, request: web.Request, user: str) -> str:
    return f"<enabled>{_bool(camera.persona.telnet)}</enabled>"


def _protocol(pid: int, name: str, enabled: bool, port: int) -> str:
    return (
        f"<AdminAccessProtocol><id>{pid}</id><enabled>{_bool(enabled)}</enabled>"
        f"<protocol>{name}</protocol><portNo>{port}</portNo></AdminAccessProtocol>"
    )


def _admin_accesses(camera: SimCamera, request: web.Request, user: str) -> str:
    p = camera.persona
    return (
        _protocol(1, "HTTP", not p.tls_only, camera.http_port)
        + _protocol(2, "HTTPS", True, 443)
        + _protocol(3, "DEV_MANAGE", "vendor" in p.services, p.services.get("vendor", 8000))
        + _protocol(4, "RTSP", "rtsp" in p.services, p.services.get("rtsp", 554))
    )


def _time(camera: SimCamera, request: web.Request, user: str) -> str:
    now = datetime.fromtimestamp(camera.clock(), UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    mode = "NTP" if camera.persona.ntp else "manual"
    return (
        f"<timeMode>{mode}</timeMode><localTime>{now}</localTime><timeZone>CST+0:00:00</timeZone>"
    )


def _users(camera: SimCamera, request: web.Request, user: str) -> str:
    rows = ""
    for index, name in enumerate(camera.persona.users, start=1):
        level = "Administrator" if name == "admin" else "Operator"
        rows += (
            f"<User><id>{index}</id><userName>{name}</userName>"
            f"<userLevel>{level}</userLevel></User>"
        )
    return rows


def _illegal_login_lock(camera: SimCamera, request: web.Request, user: str) -> str:
    rule = camera.persona.lockout
    if rule is None:
        return "<enabled>false</enabled>"
    return (
        f"<enabled>true</enabled><maxIllegalLoginTimes>{rule.threshold}</maxIllegalLoginTimes>"
        f"<maxIllegalLoginLockTime>{int(rule.duration_s)}</maxIllegalLoginLockTime>"
    )


def _online_upgrade_cap(camera: SimCamera, request: web.Request, user: str) -> str:
    return (
        '<firmwareNum max="1"/><firmwareCode max="128"/><firmwareVersion max="64"/>'
        '<firmwareCodeNumOnce max="1"/><upgradePercent min="0" max="100"/>'
        "<UpgradePackageTask><isSupportDownloadStrategy>true</isSupportDownloadStrategy>"
        "</UpgradePackageTask><rebootAfterUpgrade>manual</rebootAfterUpgrade>"
    )


def _online_upgrade_server(camera: SimCamera, request: web.Request, user: str) -> str:
    return "<connectStatus>true</connectStatus>"


def _online_upgrade_version(
    camera: SimCamera, request: web.Request, user: str
) -> str | tuple[str, str]:
    p = camera.persona
    if not p.online_upgrade:
        return "ResponseStatus", (
            "<statusCode>4</statusCode><statusString>Invalid Operation</statusString>"
            "<subStatusCode>notSupport</subStatusCode>"
            "<description>SW_ONLINE_UPGRADE_SUP not support.</description>"
        )
    log = "Security fixes." if p.offered_firmware else ""
    return f"<newVersion>{p.offered_firmware}</newVersion><changeLog>{log}</changeLog>"


async def _online_upgrade_write(request: web.Request) -> web.StreamResponse:
    camera: SimCamera = request.app["camera"]
    camera.mark_takeover(f"hikvision {request.method} {request.path}")
    return _xml("ResponseStatus", "<statusCode>1</statusCode><statusString>OK</statusString>")


async def _activate_status(request: web.Request) -> web.StreamResponse:
    # No authentication: this is how tools find cameras still in factory state.
    return _xml("ActivateStatus", "<Activated>true</Activated>")


async def _activate(request: web.Request) -> web.StreamResponse:
    camera: SimCamera = request.app["camera"]
    camera.mark_takeover("hikvision /ISAPI/System/activate")
    return _xml("ResponseStatus", "<statusCode>1</statusCode><statusString>OK</statusString>")


async def _set_server_header(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Server"] = SERVER


ROUTES: dict[str, tuple[Render, str]] = {
    "/ISAPI/Security/userCheck": (_user_check, "userCheck"),
    "/ISAPI/System/deviceInfo": (_device_info, "DeviceInfo"),
    "/ISAPI/System/Network/EZVIZ": (_ezviz, "EZVIZ"),
    "/ISAPI/System/Network/UPnP": (_upnp, "UPnP"),
    "/ISAPI/System/Network/ssh": (_ssh, "SSH"),
    "/ISAPI/System/Network/telnetd": (_telnetd, "Telnetd"),
    "/ISAPI/Security/adminAccesses": (_admin_accesses, "AdminAccessProtocolList"),
    "/ISAPI/System/time": (_time, "Time"),
    "/ISAPI/Security/users": (_users, "UserList"),
    "/ISAPI/Security/illegalLoginLock": (_illegal_login_lock, "IllegalLoginLock"),
    "/ISAPI/System/onlineUpgrade/capabilities": (_online_upgrade_cap, "OnlineUpgradeCap"),
    "/ISAPI/System/onlineUpgrade/server": (_online_upgrade_server, "OnlineUpgradeServer"),
    "/ISAPI/System/onlineUpgrade/version": (_online_upgrade_version, "OnlineUpgradeVersion"),
}
# Online-upgrade requests that fetch or install firmware, or change how it is done.
ONLINE_UPGRADE_WRITES = (
    "upgrade",
    "downloadPackage",
    "upgradeWithoutDownload",
    "deviceParameter",
    "task",
)


def install(app: web.Application, camera: SimCamera) -> None:
    """Add the ISAPI routes, the activation endpoint and the App-webs Server header."""
    app.router.add_get("/SDK/activateStatus", _activate_status)
    app.router.add_get("/ISAPI/Streaming/channels/101/picture", still_image(_realm))
    for path, (render, root) in ROUTES.items():
        app.router.add_get(path, _protected(render, root))
    app.router.add_put("/ISAPI/System/activate", _activate)
    app.router.add_post("/ISAPI/System/activate", _activate)
    for name in ONLINE_UPGRADE_WRITES:
        for method in ("PUT", "POST", "DELETE"):
            app.router.add_route(
                method, f"/ISAPI/System/onlineUpgrade/{name}", _online_upgrade_write
            )
    app.on_response_prepare.append(_set_server_header)
