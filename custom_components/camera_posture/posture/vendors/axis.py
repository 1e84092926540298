"""Axis (VAPIX): basicdeviceinfo, systemready and param.cgi over HTTP digest.

Requests, in order: one unauthenticated basicdeviceinfo call (detection), one
unauthenticated systemready call (factory state), then one param.cgi list of every
group we need with the configured credentials (a digest challenge round trip plus
the signed request). Never pwdgrp.cgi?action=add: on a camera in setup state that
call sets the first root password, i.e. takes the camera over.
"""

from __future__ import annotations

import json
from typing import ClassVar

from ..booleans import YES_NO, text_bool
from ..errors import CannotConnect
from ..models import DeviceInfo, Facts, mac_address
from ..transport.digest import DigestClient
from .axis_vapix import api_data, parse_params, property_list
from .base import AuditContext, VendorAdapter, digest_request, note_onvif_clock

BASIC_DEVICE_INFO = "/axis-cgi/basicdeviceinfo.cgi"
SYSTEM_READY = "/axis-cgi/systemready.cgi"
# Identity and every posture parameter in one param.cgi request.
PARAM_GROUPS = (
    "root.Brand",
    "root.Properties.Firmware",
    "root.Properties.System",
    "root.Network.eth0",
    "root.RemoteService",
    "root.Network.UPnP",
    "root.Network.SSH",
    "root.Network.RTSP",
    "root.HTTPS",
    "root.System.BoaGroupPolicy",
    # ActivatePasswordThrottling On/Off: what Axis hardening tools call "brute force
    # protection" (seen as On/Off in captured param.cgi answers, with DoSBlockingPeriod...).
    "root.System.PreventDoSAttack",
    "root.Time",
)
PARAM_CGI = "/axis-cgi/param.cgi"
# Posted as a form (as the axis library does): the digest URI stays a plain path.
PARAM_LIST = ("action=list&group=" + ",".join(PARAM_GROUPS)).encode()
_JSON = {"Content-Type": "application/json"}
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _call(method: str) -> bytes:
    return json.dumps({"apiVersion": "1.0", "context": "posture", "method": method}).encode()


class AxisAdapter(VendorAdapter):
    """Reads an Axis camera's posture through VAPIX."""

    vendor = "axis"
    default_credentials: ClassVar[dict[str, str]] = {"root": "pass"}
    # VAPIX still image and MJPEG stream, as Home Assistant's axis camera builds them.
    snapshot_paths: ClassVar[tuple[str, ...]] = (
        "/axis-cgi/jpg/image.cgi",
        "/axis-cgi/mjpg/video.cgi",
    )
    detect_order = 20

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """Axis answers basicdeviceinfo's unrestricted properties without credentials."""
        props = await _unrestricted(ctx)
        return props is not None and props.get("Brand", "").upper() == "AXIS"

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Fill identity, cloud, UPnP, SSH, HTTPS, RTSP, NTP and default-password facts."""
        if await _needs_setup(ctx):
            # Factory state: no root password at all. Report it; never "set it up".
            facts.note(
                "default_password",
                True,
                "VAPIX systemready: needsetup=yes (no root password set yet)",
            )
            facts.device = _device(await _unrestricted(ctx) or {}, {})
            return
        client = DigestClient(ctx.http, ctx.target.username, ctx.target.password)
        response = await digest_request(
            ctx, client, "POST", ctx.url(PARAM_CGI), data=PARAM_LIST, headers=_FORM
        )
        params = parse_params(response.body) if response.status == 200 else {}
        props = None if "Brand.ProdNbr" in params else await _unrestricted(ctx)
        facts.device = _device(props or {}, params)
        _note_params(facts, params)
        self.note_factory_credentials(ctx, facts)
        await note_onvif_clock(ctx, facts)


async def _unrestricted(ctx: AuditContext) -> dict[str, str] | None:
    response = await ctx.http.request(
        "POST",
        ctx.url(BASIC_DEVICE_INFO),
        data=_call("getAllUnrestrictedProperties"),
        headers=_JSON,
    )
    return property_list(response.body) if response.status == 200 else None


async def _needs_setup(ctx: AuditContext) -> bool | None:
    response = await ctx.http.request(
        "POST", ctx.url(SYSTEM_READY), data=_call("systemready"), headers=_JSON
    )
    data = api_data(response.body) if response.status == 200 else None
    value = data.get("needsetup") if data is not None else None
    return text_bool(value, YES_NO) if isinstance(value, str) else None


def _device(props: dict[str, str], params: dict[str, str]) -> DeviceInfo:
    """Identity from param.cgi, else from basicdeviceinfo's property list."""
    serial = params.get("Properties.System.SerialNumber") or props.get("SerialNumber", "")
    device = DeviceInfo(
        manufacturer=params.get("Brand.Brand") or props.get("Brand", "AXIS"),
        model=params.get("Brand.ProdNbr") or props.get("ProdNbr", ""),
        firmware=params.get("Properties.Firmware.Version") or props.get("Version", ""),
        serial=serial,
        hardware_id=params.get("Properties.System.HardwareID") or props.get("HardwareID", ""),
        mac=axis_mac(params.get("Network.eth0.MACAddress", ""), serial),
    )
    if not device.model and not device.firmware:
        raise CannotConnect("camera did not report model or firmware")
    return device


def axis_mac(eth0: str, serial: str) -> str:
    """The MAC as aa:bb:cc:dd:ee:ff: Network.eth0.MACAddress, else the serial number.

    An Axis serial number is the MAC's 12 hex digits (e.g. ACCC8E5F3C21), so it stands
    in when the eth0 group is not readable. Anything else gives no MAC.
    """
    return mac_address(eth0 or serial)


def _note_cloud(facts: Facts, params: dict[str, str]) -> None:
    """O3C remote service: yes connects; oneclick waits for a button press; no is off."""
    cloud = params.get("RemoteService.Enabled", "").lower()
    evidence = f"VAPIX RemoteService.Enabled={cloud} (O3C)"
    if cloud == "oneclick":
        # AXIS OS' factory default: the camera contacts the O3C dispatcher only after
        # someone presses its control button, so it is not reachable through the cloud.
        evidence += ": the cloud connects only after the control button is pressed"
        facts.note("cloud_access", False, evidence)
    elif cloud in ("yes", "no"):
        facts.note("cloud_access", cloud == "yes", evidence)


def _note_params(facts: Facts, params: dict[str, str]) -> None:
    _note_cloud(facts, params)
    upnp = text_bool(params.get("Network.UPnP.Enabled"), YES_NO)
    nat = text_bool(params.get("Network.UPnP.NATTraversal.Enabled"), YES_NO)
    if upnp is not None:
        facts.note(
            "upnp",
            upnp or nat is True,
            f"VAPIX Network.UPnP.Enabled={_yn(upnp)}, NATTraversal.Enabled={_yn(nat)}",
        )
    throttling = text_bool(params.get("System.PreventDoSAttack.ActivatePasswordThrottling"), YES_NO)
    if throttling is not None:
        facts.note(
            "brute_force_protection",
            throttling,
            f"VAPIX System.PreventDoSAttack.ActivatePasswordThrottling={_yn(throttling)}",
        )
    ssh = text_bool(params.get("Network.SSH.Enabled"), YES_NO)
    if ssh is not None:
        facts.note("ssh", ssh, f"VAPIX Network.SSH.Enabled={_yn(ssh)}")
    _note_https(facts, params)
    viewer = params.get("Network.RTSP.ProtViewer", "").lower()
    if viewer in ("anonymous", "password"):
        facts.note(
            "rtsp_anonymous", viewer == "anonymous", f"VAPIX Network.RTSP.ProtViewer={viewer}"
        )
    source = params.get("Time.SyncSource", "")
    if source:
        facts.note(
            "ntp_enabled", source.upper() in ("NTP", "DHCP"), f"VAPIX Time.SyncSource={source}"
        )
    for fact, param in _PARAM_OF_FACT.items():
        # Missing, or masked as "******" (the camera hides it from this account).
        facts.tried(fact, f"VAPIX {param}={params.get(param, 'not listed')}: no usable value")


_PARAM_OF_FACT = {
    "cloud_access": "RemoteService.Enabled",
    "upnp": "Network.UPnP.Enabled",
    "ssh": "Network.SSH.Enabled",
    "https_only": "System.BoaGroupPolicy.admin",
    "rtsp_anonymous": "Network.RTSP.ProtViewer",
    "ntp_enabled": "Time.SyncSource",
}


def _note_https(facts: Facts, params: dict[str, str]) -> None:
    policy = params.get("System.BoaGroupPolicy.admin", "").lower()
    https = text_bool(params.get("HTTPS.Enabled"), YES_NO)
    if policy in ("http", "https", "both"):
        facts.note(
            "https_only",
            policy == "https" and https is not False,
            f"VAPIX System.BoaGroupPolicy.admin={policy}, HTTPS.Enabled={_yn(https)}",
        )
    elif https is False:
        facts.note("https_only", False, "VAPIX HTTPS.Enabled=no")


def _yn(value: bool | None) -> str:
    return "unknown" if value is None else "yes" if value else "no"
