"""Axis (VAPIX) camera: the well-configured reference.

Current AXIS OS, O3C cloud off, UPnP off, SSH off, HTTPS only, root password set,
NTP on, RTSP behind authentication. VAPIX endpoints answer the way AXIS OS does:
basicdeviceinfo and systemready without credentials, everything else behind HTTP
digest. `pwdgrp.cgi?action=add` on a camera without accounts is the factory
initialisation call: it takes the camera over, and the simulator records that.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from aiohttp import web

from ..auth import require_http_auth
from ..snapshot import mjpeg, still_image

if TYPE_CHECKING:
    from ..camera import SimCamera

REALM = "AXIS_ACCC8E5F3C21"
BRAND = "AXIS"
PRODUCT_NAME = "AXIS P3265-LVE Dome Camera"
PRODUCT_TYPE = "Dome Camera"
BUILD_DATE = "Jun 03 2025 11:42"
# Only what the simulator implements: clients must not expect more.
_APIS = (
    ("api-discovery", "API Discovery Service", "1.0"),
    ("basic-device-info", "Basic Device Information", "1.1"),
    ("param-cgi", "Legacy Parameter Handling", "1.0"),
    ("systemready", "Systemready", "1.2"),
)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def parameters(camera: SimCamera) -> dict[str, str]:
    """The param.cgi tree (flattened), derived from the persona's current state."""
    p = camera.persona
    return {
        "root.Brand.Brand": BRAND,
        "root.Brand.ProdFullName": PRODUCT_NAME,
        "root.Brand.ProdNbr": p.model,
        "root.Brand.ProdShortName": f"AXIS {p.model}",
        "root.Brand.ProdType": PRODUCT_TYPE,
        "root.Brand.ProdVariant": "",
        "root.Brand.WebURL": "http://www.axis.com",
        "root.Properties.API.HTTP.AdminPath": "/index.html",
        "root.Properties.API.HTTP.Version": "3",
        "root.Properties.Firmware.BuildDate": BUILD_DATE,
        "root.Properties.Firmware.BuildNumber": "1",
        "root.Properties.Firmware.Version": p.firmware,
        "root.Properties.Image.Format": "jpeg,mjpeg,h264,h265",
        "root.Properties.Image.NbrOfViews": "2",
        "root.Properties.Image.Resolution": "1920x1080,1280x720,640x360",
        "root.Properties.Image.Rotation": "0,180",
        "root.Properties.System.Architecture": "aarch64",
        "root.Properties.System.HardwareID": "9A5.1",
        "root.Properties.System.Language": "English",
        "root.Properties.System.LanguageType": "default",
        "root.Properties.System.SerialNumber": p.serial,
        "root.Properties.System.Soc": "Axis Artpec-8",
        # Off is AXIS OS' factory default "oneclick" (O3C connects only after the control
        # button is pressed), as a real M1065-LW answers (Kane610/axis test capture).
        "root.RemoteService.Enabled": "yes" if p.cloud else "oneclick",
        "root.RemoteService.ServerList": "dispatchse1.avhs.axis.com:50050",
        "root.Network.eth0.MACAddress": p.mac.upper(),
        "root.Network.UPnP.Enabled": _yes(p.upnp),
        "root.Network.UPnP.FriendlyName": f"AXIS {p.model} - {p.serial}",
        "root.Network.UPnP.NATTraversal.Enabled": _yes(p.upnp),
        "root.Network.SSH.Enabled": _yes(p.ssh),
        "root.Network.RTSP.Enabled": "yes",
        "root.Network.RTSP.Port": "554",
        "root.Network.RTSP.ProtViewer": "anonymous" if p.rtsp_anonymous else "password",
        "root.Network.FTP.Enabled": "no",
        "root.HTTPS.Enabled": _yes(p.tls_only or "https" in p.services),
        "root.HTTPS.Port": "443",
        "root.System.BoaGroupPolicy.admin": "https" if p.tls_only else "both",
        "root.System.BoaGroupPolicy.operator": "https" if p.tls_only else "both",
        "root.System.BoaGroupPolicy.viewer": "https" if p.tls_only else "both",
        "root.System.BoaProtViewer": "anonymous" if p.rtsp_anonymous else "password",
        # Names and values as a captured AXIS OS param.cgi answer lists them.
        "root.System.PreventDoSAttack.ActivatePasswordThrottling": (
            "On" if p.lockout is not None else "Off"
        ),
        "root.System.PreventDoSAttack.DoSBlockingPeriod": "10",
        "root.System.PreventDoSAttack.DoSPageCount": "20",
        "root.System.PreventDoSAttack.DoSPageInterval": "1",
        "root.System.PreventDoSAttack.DoSSiteCount": "50",
        "root.System.PreventDoSAttack.DoSSiteInterval": "1",
        "root.SNMP.Enabled": "no",
        "root.StreamProfile.MaxGroups": "26",
        "root.Time.SyncSource": "NTP" if p.ntp else "NONE",
        "root.Time.NTP.Server": "pool.ntp.org" if p.ntp else "",
        "root.Time.POSIXTimeZone": "CET-1CEST,M3.5.0,M10.5.0/3",
    }


def _property_list(camera: SimCamera, *, restricted: bool) -> dict[str, str]:
    p = camera.persona
    props = {
        "Brand": BRAND,
        "BuildDate": BUILD_DATE,
        "HardwareID": "9A5.1",
        "ProdFullName": PRODUCT_NAME,
        "ProdNbr": p.model,
        "ProdShortName": f"AXIS {p.model}",
        "ProdType": PRODUCT_TYPE,
        "ProdVariant": "",
        "SerialNumber": p.serial,
        "Version": p.firmware,
        "WebURL": "http://www.axis.com",
    }
    if restricted:
        props |= {"Architecture": "aarch64", "Soc": "Axis Artpec-8", "SocSerialNumber": "0"}
    return props


def _json(body: dict[str, Any]) -> web.Response:
    return web.json_response(body)


async def _read_json(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.read())
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _envelope(body: dict[str, Any], key: str, value: dict[str, Any]) -> web.Response:
    """A VAPIX JSON answer: the request's apiVersion, context and method, plus `key`."""
    echoed = {name: body.get(name, "") for name in ("context", "method")}
    return _json({"apiVersion": body.get("apiVersion", "1.0"), **echoed, key: value})


def _api_error(body: dict[str, Any], code: int, message: str) -> web.Response:
    return _envelope(body, "error", {"code": code, "message": message})


def _answer(body: dict[str, Any], data: dict[str, Any]) -> web.Response:
    return _envelope(body, "data", data)


async def _basic_device_info(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    body = await _read_json(request)
    method = body.get("method")
    if method == "getSupportedVersions":
        return _answer(body, {"apiVersions": ["1.1"]})
    if method == "getAllUnrestrictedProperties":
        return _answer(body, {"propertyList": _property_list(camera, restricted=False)})
    if method == "getAllProperties":
        require_http_auth(request, camera, realm=REALM)
        return _answer(body, {"propertyList": _property_list(camera, restricted=True)})
    return _api_error(body, 2004, "Method not supported")


async def _system_ready(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    body = await _read_json(request)
    if body.get("method") != "systemready":
        return _api_error(body, 2004, "Method not supported")
    return _answer(
        body,
        {
            "systemready": "yes",
            "needsetup": _yes(not camera.persona.users),
            "uptime": "86400",
            "bootid": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        },
    )


async def _api_discovery(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    require_http_auth(request, camera, realm=REALM)
    body = await _read_json(request)
    if body.get("method") == "getSupportedVersions":
        return _answer(body, {"apiVersions": ["1.0"]})
    if body.get("method") != "getApiList":
        return _api_error(body, 2004, "Method not supported")
    apis = [
        {"id": api_id, "name": name, "version": version, "status": "official", "docLink": ""}
        for api_id, name, version in _APIS
    ]
    return _answer(body, {"apiList": apis})


async def _form(request: web.Request) -> dict[str, str]:
    """Query and form parameters together: VAPIX takes GET and POST alike."""
    fields = dict(request.query)
    if request.method == "POST":
        # Clients post url-encoded forms with any Content-Type (the axis library says
        # text/plain), so the body is parsed whatever the header claims.
        body = (await request.read()).decode("utf-8", "replace")
        fields.update(parse_qsl(body, keep_blank_values=True))
    return fields


async def _param(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    require_http_auth(request, camera, realm=REALM)
    fields = await _form(request)
    if fields.get("action") != "list":
        return web.Response(text="# Request failed: unsupported action\r\n")
    tree = parameters(camera)
    lines = []
    for group in (fields.get("group") or "root").split(","):
        prefix = group if group.startswith("root") else f"root.{group}"
        matched = [f"{k}={v}" for k, v in tree.items() if k == prefix or k.startswith(f"{prefix}.")]
        lines.extend(matched or [f"# Error: Error -1 getting param in group '{group}'"])
    return web.Response(text="\n".join(lines) + "\n")


def _groups(camera: SimCamera) -> str:
    users = sorted(camera.persona.users)
    listed = ",".join(users)
    return (
        f'admin="{listed}"\noperator="{listed}"\nviewer="{listed}"\n'
        f'ptz="{listed}"\ndigusers="{listed}"\n'
    )


async def _pwdgrp(request: web.Request) -> web.Response:
    camera: SimCamera = request.app["camera"]
    fields = await _form(request)
    action = fields.get("action")
    if action == "add" and not camera.persona.users:
        # Factory state: whoever sets the first root password owns the camera.
        camera.mark_takeover("/axis-cgi/pwdgrp.cgi?action=add")
        camera.persona.users[fields.get("user", "root")] = fields.get("pwd", "")
        return web.Response(text=f"Created account {fields.get('user', 'root')}.\n")
    require_http_auth(request, camera, realm=REALM)
    if action == "get":
        return web.Response(text=_groups(camera))
    if action == "add":
        camera.persona.users[fields.get("user", "")] = fields.get("pwd", "")
        return web.Response(text=f"Created account {fields.get('user', '')}.\n")
    return web.Response(text="Error: unsupported action\n")


def install(app: web.Application, camera: SimCamera) -> None:
    """Add the VAPIX endpoints."""
    app.router.add_post("/axis-cgi/basicdeviceinfo.cgi", _basic_device_info)
    app.router.add_post("/axis-cgi/systemready.cgi", _system_ready)
    app.router.add_post("/axis-cgi/apidiscovery.cgi", _api_discovery)
    app.router.add_route("*", "/axis-cgi/param.cgi", _param)
    app.router.add_route("*", "/axis-cgi/pwdgrp.cgi", _pwdgrp)
    app.router.add_get("/axis-cgi/jpg/image.cgi", still_image(lambda _camera: REALM))
    app.router.add_get("/axis-cgi/mjpg/video.cgi", mjpeg(lambda _camera: REALM))
