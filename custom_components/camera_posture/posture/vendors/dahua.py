"""Dahua and its OEMs (Amcrest, ...) through the CGI API (key=value text, HTTP digest).

Detection: an unauthenticated magicBox.cgi request gets a 401 whose digest
realm is "Login to <serial>", a Dahua signature.

Facts and their endpoints:
- device: magicBox getSystemInfo (deviceType, serialNumber), getSoftwareVersion
  (one line, or the version and a BuildDate line on older builds: firmware_of),
  getVendor; MAC from configManager Network eth0.PhysicalAddress. A numeric or
  generic deviceType ("31" on Lorex/Dahua NVRs, "IP Camera", or none at all on
  XVRs) is no model: then updateSerial, else getDeviceType's type (see model_of)
- default_password: configured credentials equal a factory pair -> True with
  no request; otherwise userManager getUserInfoAll lists the accounts, and each
  other factory account present gets at most one guarded login (DefaultLoginGuard)
- cloud_access: configManager T2UServer.Enable, else VSP_PaaS.Enable
- upnp, telnet, ntp_enabled: configManager UPnP.Enable, Telnet.Enable, NTP.Enable
- clock_offset_s: ONVIF GetSystemDateAndTime (no credentials; the CGI clock has
  no time zone)
- https_only: False when the admin CGI answered over plain HTTP
- ssh: not read (no verified CGI config name), left unknown
"""

from __future__ import annotations

from typing import ClassVar

from ..booleans import text_bool
from ..errors import CannotConnect, InvalidAuth
from ..models import DeviceInfo, Facts, mac_address
from ..transport.digest import DigestClient, header_value, parse_challenge
from ._keyvalue import is_error, parse_key_values
from .base import (
    AuditContext,
    FieldSession,
    LoginLockout,
    VendorAdapter,
    digest_request,
    note_onvif_clock,
    note_plain_http,
)

MAGIC_BOX = "/cgi-bin/magicBox.cgi?action="
CONFIG = "/cgi-bin/configManager.cgi?action=getConfig&name="
USERS = "/cgi-bin/userManager.cgi?action=getUserInfoAll"
REALM_PREFIX = "login to "
_DEFAULT_FACT = "default_password"


class DahuaAdapter(VendorAdapter):
    """CGI adapter for Dahua and Amcrest cameras."""

    vendor: ClassVar[str] = "dahua"
    default_credentials: ClassVar[dict[str, str]] = {
        "admin": "admin",
        "888888": "888888",
        "666666": "666666",
    }
    detect_order: ClassVar[int] = 30
    # configManager General.LockLoginTimes / LoginFailLockTime (the Dahua NetSDK's
    # nLockLoginTimes / nLoginFailLockTime); factory values 5 and 1800 s.
    lockout: ClassVar[LoginLockout] = LoginLockout(
        threshold=5,
        window_s=1800.0,
        source="Dahua General.LockLoginTimes 5, LoginFailLockTime 1800 s (factory values)",
    )
    # Still image and MJPEG stream, as the amcrest client library requests them.
    snapshot_paths: ClassVar[tuple[str, ...]] = (
        "/cgi-bin/snapshot.cgi",
        "/cgi-bin/mjpg/video.cgi?channel=1&subtype=1",
    )

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """One unauthenticated magicBox request: Dahua challenges with realm "Login to ..."."""
        try:
            resp = await ctx.http.request("GET", ctx.url(MAGIC_BOX + "getDeviceType"))
        except CannotConnect:
            return False
        if resp.status == 200:
            # Answering without credentials is itself a finding; the answer is still Dahua's.
            return "type" in parse_key_values(resp.body)
        if resp.status != 401:
            return False
        header = header_value(resp.headers, "WWW-Authenticate")
        realm = (parse_challenge(header) or {}).get("realm", "")
        if not realm and header.lower().startswith("basic"):
            realm = header.partition("realm=")[2].strip('" ')
        return realm.lower().startswith(REALM_PREFIX)

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Log in once (magicBox), then read identity, accounts and service switches."""
        cgi = _Cgi(ctx)
        info = await cgi.read(MAGIC_BOX + "getSystemInfo")
        if info is None:
            raise CannotConnect("magicBox getSystemInfo unreadable")
        note_plain_http(ctx, facts, "admin CGI answered over plain HTTP")
        facts.device = await _device(cgi, info)
        await cgi.read_lock_settings()
        if cgi.lock_enabled is not None:
            facts.note(
                "brute_force_protection", cgi.lock_enabled, "configManager General.LockLoginEnable"
            )
        tables = {
            name: await cgi.read(CONFIG + name) for name in ("T2UServer", "UPnP", "Telnet", "NTP")
        }
        groups = _user_groups(await cgi.read(USERS))
        admin_view = groups.get(ctx.target.username) == "admin"
        await _note_cloud(cgi, facts, tables["T2UServer"], admin_view)
        for fact, name in (("upnp", "UPnP"), ("telnet", "Telnet"), ("ntp_enabled", "NTP")):
            value = text_bool((tables[name] or {}).get(f"{name}.Enable"))
            if value is not None:
                facts.note(fact, value, f"configManager {name}.Enable")
            else:
                facts.tried(fact, f"configManager {name}.Enable not readable")
        await note_onvif_clock(ctx, facts)
        await self._note_default_password(ctx, cgi, facts, groups)

    async def _note_default_password(
        self, ctx: AuditContext, cgi: _Cgi, facts: Facts, groups: dict[str, str]
    ) -> None:
        # Several factory accounts: only a configured factory pair settles it here.
        if self.note_factory_credentials(ctx, facts):
            return
        user = ctx.target.username
        if not groups:
            facts.evidence[_DEFAULT_FACT] = "account list unreadable"
            return
        others = [name for name in groups if name in self.default_credentials and name != user]
        found: list[bool | None] = [await self._guarded_login(ctx, cgi, name) for name in others]
        if any(found):
            facts.note(_DEFAULT_FACT, True, "a factory account accepted its factory password")
        elif all(result is False for result in found):
            checked = f"{len(found)} other factory account(s) refused the factory password"
            facts.note(
                _DEFAULT_FACT, False, f"configured password is not the factory one; {checked}"
            )
        else:
            facts.evidence[_DEFAULT_FACT] = "a factory account could not be checked safely"

    async def _guarded_login(self, ctx: AuditContext, cgi: _Cgi, account: str) -> bool | None:
        """One login with the account's factory password, only when that is safe now."""
        host = ctx.target.host
        if not cgi.lock_readable or not ctx.guard.may_try(host, account):
            return None
        ctx.guard.record(host, account)
        client = DigestClient(ctx.http, account, self.default_credentials[account])
        try:
            resp = await digest_request(ctx, client, "GET", ctx.url(MAGIC_BOX + "getMachineName"))
        except InvalidAuth:
            return False  # counted in login_failures; the answer is "not the default"
        return resp.status == 200 and not is_error(resp.body)


class _Cgi(FieldSession):
    """The configured account's CGI session: counts a rejection once, then stops."""

    api = "Dahua CGI"

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        self._client = DigestClient(ctx.http, ctx.target.username, ctx.target.password)
        # Set once General's lock settings were read with our (accepted) login.
        self.lock_readable = False
        # General.LockLoginEnable as read (None: unread).
        self.lock_enabled: bool | None = None

    async def _fetch(self, what: str) -> tuple[int, dict[str, str] | None]:
        # Errors (403 = unknown name or no right) come back as a text banner.
        resp = await digest_request(self._ctx, self._client, "GET", self._ctx.url(what))
        if resp.status != 200 or is_error(resp.body):
            return resp.status, None
        return resp.status, parse_key_values(resp.body)

    async def read_lock_settings(self) -> None:
        """Read General.LockLogin*: a guarded login is only sent when this answers."""
        general = await self.read(CONFIG + "General") or {}
        enabled = text_bool(general.get("General.LockLoginEnable"))
        self.lock_enabled = enabled
        try:
            times = int(general.get("General.LockLoginTimes", ""))
        except ValueError:
            times = None
        # One failure must stay far from the threshold: with lockout on, need >= 3 tries.
        self.lock_readable = enabled is False or (
            enabled is True and times is not None and times >= 3
        )


# deviceType values real firmwares answer that name a device class, not a model.
_GENERIC_TYPES = frozenset({"ip camera", "ipc", "nvr", "dvr", "xvr", "hcvr"})


def is_model_name(device_type: str) -> bool:
    """Whether getSystemInfo's deviceType names a model (not "31", "IP Camera", "")."""
    text = device_type.strip()
    return bool(text) and not text.isdigit() and text.lower() not in _GENERIC_TYPES


def model_of(info: dict[str, str], device_type: dict[str, str] | None = None) -> str:
    """The model from getSystemInfo, with the fallbacks real firmwares need.

    Seen in the field: a Lorex NVR answers deviceType=31 with the model in
    updateSerial (rroller/dahua client.py), a Dahua NVR deviceType=31 with
    updateSerial=NVR2X-4KS3 (rroller/dahua#9), an XVR no deviceType at all with
    updateSerial=XVR5108C-X (rroller/dahua#59). Amcrest answers its own model in
    deviceType (and Dahua's in updateSerial): deviceType wins when it is a model.
    """
    device_type_field = info.get("deviceType", "")
    if is_model_name(device_type_field):
        return device_type_field.strip()
    for candidate in (info.get("updateSerial", ""), (device_type or {}).get("type", "")):
        if is_model_name(candidate):
            return candidate.strip()
    return device_type_field.strip()


def firmware_of(software: dict[str, str]) -> str:
    """The firmware from getSoftwareVersion, with its build date when given on its own line.

    Firmware since 2017 answers one line, `version=2.420.AC00.17.R,build:2017-03-22`
    (tchellomello/python-amcrest#71); older builds answer the date on a line of its own,
    `version=2.420.AC00.15.R` + `BuildDate=2016-09-08` (an IPM-721B,
    tchellomello/python-amcrest#168). The date is joined in the one-line form, as the
    advisories' build-date ranges need it.
    """
    version = software.get("version", "")
    build_date = software.get("BuildDate", "")
    if version and build_date and "build" not in version.lower():
        return f"{version},build:{build_date}"
    return version


async def _device(cgi: _Cgi, info: dict[str, str]) -> DeviceInfo:
    software = await cgi.read(MAGIC_BOX + "getSoftwareVersion") or {}
    vendor = await cgi.read(MAGIC_BOX + "getVendor") or {}
    network = await cgi.read(CONFIG + "Network") or {}
    interface = network.get("Network.DefaultInterface", "eth0")
    device_type = None
    if not is_model_name(info.get("deviceType", "")) and not is_model_name(
        info.get("updateSerial", "")
    ):
        device_type = await cgi.read(MAGIC_BOX + "getDeviceType")
    return DeviceInfo(
        manufacturer=vendor.get("vendor") or "Dahua",
        model=model_of(info, device_type),
        firmware=firmware_of(software),
        serial=info.get("serialNumber", ""),
        hardware_id=info.get("hardwareVersion", ""),
        mac=mac_address(network.get(f"Network.{interface}.PhysicalAddress", "")),
    )


def _user_groups(users: dict[str, str] | None) -> dict[str, str]:
    """Account name -> group from getUserInfoAll's users[n].Name / users[n].Group lines."""
    groups: dict[str, str] = {}
    for key, name in (users or {}).items():
        if key.startswith("users[") and key.endswith("].Name"):
            prefix = key.removesuffix("Name")
            groups[name] = (users or {}).get(prefix + "Group", "")
    return groups


async def _note_cloud(
    cgi: _Cgi, facts: Facts, t2u: dict[str, str] | None, admin_view: bool
) -> None:
    """P2P: T2UServer.Enable; when that is off or absent, VSP_PaaS.Enable decides."""
    t2u_on = text_bool((t2u or {}).get("T2UServer.Enable"))
    if t2u_on is True:
        facts.note("cloud_access", True, "configManager T2UServer.Enable (P2P)")
        return
    paas = await cgi.read(CONFIG + "VSP_PaaS")
    paas_on = text_bool((paas or {}).get("VSP_PaaS.Enable"))
    if paas_on is True:
        facts.note("cloud_access", True, "configManager VSP_PaaS.Enable")
    elif t2u_on is False and (paas_on is False or (paas is None and admin_view)):
        # A 403 to an admin account means the config name does not exist on this build.
        facts.note("cloud_access", False, "configManager T2UServer/VSP_PaaS disabled or absent")
    else:
        facts.tried("cloud_access", "configManager T2UServer/VSP_PaaS not readable")
