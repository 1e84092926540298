"""Hikvision cameras through ISAPI (XML over HTTP digest).

Lockout first: Hikvision locks the *client address* (Home Assistant itself)
after about five failures for 30 minutes, and any attempt during the lock
restarts the timer. So the audit begins with an unauthenticated GET of
/ISAPI/Security/userCheck: its 401 carries the digest challenge and, on
firmware that reports it, lockStatus for this client. While locked nothing
with credentials is sent. The configured credentials then go out once; a 401
ends the audit (InvalidAuth, never retried).

Facts and their endpoints:
- device: /ISAPI/System/deviceInfo (model, serialNumber, firmwareVersion +
  firmwareReleasedDate, macAddress)
- default_password: /ISAPI/Security/userCheck isDefaultPassword (no guessing);
  for a non-admin configured account, one guarded admin/12345 login at most
- cloud_access: /ISAPI/System/Network/EZVIZ enabled (verificationCode never read)
- upnp: /ISAPI/System/Network/UPnP enabled
- ssh / telnet: /ISAPI/System/Network/ssh, /telnetd enabled
- https_only: /ISAPI/Security/adminAccesses (HTTP protocol enabled -> False)
- ntp_enabled, clock_offset_s: /ISAPI/System/time timeMode, localTime
- brute_force_protection: /ISAPI/Security/illegalLoginLock enabled
- camera_update (only with the user's update-check option): /ISAPI/System/onlineUpgrade/
  capabilities, /server connectStatus, /version?check=true newVersion (GETs only)
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import ClassVar
from xml.etree.ElementTree import Element

from ..booleans import text_bool
from ..errors import CannotConnect, InvalidAuth, LoginLocked
from ..models import CameraUpdate, DeviceInfo, Facts, mac_address
from ..transport.digest import DigestClient, header_value
from ..transport.http import Response
from . import _isapi_xml as xml
from .base import AuditContext, LockState, LoginLockout, VendorAdapter, digest_request

ACTIVATE_STATUS = "/SDK/activateStatus"
USER_CHECK = "/ISAPI/Security/userCheck"
ONLINE_UPGRADE = "/ISAPI/System/onlineUpgrade"
# Server headers Hikvision web servers send (cameras, NVRs, OEM builds).
SERVER_MARKS = ("app-webs", "dnvrs-webs", "hikvision-webs")
FACTORY_ADMIN = "admin"
# Fact name used as an evidence key when the fact itself stays unknown.
_DEFAULT_FACT = "default_password"


def parse_lock_state(body: bytes) -> LockState:
    """Read lockStatus/unlockTime/retryLoginTime from a userCheck answer.

    retryLoginTime is the number of attempts left before the lock: the HCNetSDK's
    NET_DVR_DEVICEINFO_V40.byRetryLoginTime ("remaining login attempts") in ISAPI form;
    public ISAPI clients read it from the 401 answer of userCheck the same way.
    """
    root = xml.parse(body)
    status = (xml.child_text(root, "lockStatus") or "").lower()
    return LockState(
        {"lock": True, "unlock": False}.get(status),
        _int(xml.child_text(root, "unlockTime")),
        _int(xml.child_text(root, "retryLoginTime")),
    )


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def is_hikvision_server(headers: dict[str, str]) -> bool:
    """Whether the Server header is one of Hikvision's web servers."""
    server = header_value(headers, "Server").lower()
    return any(mark in server for mark in SERVER_MARKS)


def parse_device_info(root: Element | None) -> DeviceInfo | None:
    """DeviceInfo from /ISAPI/System/deviceInfo; None without a model."""
    model = xml.child_text(root, "model")
    if not model:
        return None
    version = xml.child_text(root, "firmwareVersion") or ""
    released = xml.child_text(root, "firmwareReleasedDate") or ""
    # "V5.4.0" + "build 160530" -> "V5.4.0 build 160530", the form advisories use.
    firmware = f"{version} {released}".strip() if released.startswith("build") else version
    return DeviceInfo(
        manufacturer="Hikvision",
        model=model,
        firmware=firmware,
        serial=xml.child_text(root, "serialNumber") or "",
        hardware_id=xml.child_text(root, "deviceID") or "",
        mac=mac_address(xml.child_text(root, "macAddress") or ""),
    )


def parse_https_only(root: Element | None) -> bool | None:
    """From AdminAccessProtocolList: plain HTTP on -> False; HTTP off, HTTPS on -> True."""
    enabled: dict[str, bool | None] = {}
    for proto in xml.children(root, "AdminAccessProtocol"):
        name = (xml.child_text(proto, "protocol") or "").upper()
        enabled[name] = text_bool(xml.child_text(proto, "enabled"))
    if enabled.get("HTTP") is True:
        return False
    if enabled.get("HTTP") is False and enabled.get("HTTPS") is True:
        return True
    return None


def parse_time(root: Element | None) -> tuple[bool | None, float | None]:
    """(NTP in use, camera clock minus ours in seconds) from /ISAPI/System/time."""
    mode = (xml.child_text(root, "timeMode") or "").lower()
    ntp = {"ntp": True, "manual": False}.get(mode)
    try:
        local = datetime.fromisoformat(xml.child_text(root, "localTime") or "")
    except ValueError:
        return ntp, None
    if local.tzinfo is None:
        return ntp, None  # a wall clock without offset says nothing about UTC
    return ntp, local.timestamp() - time.time()


class HikvisionAdapter(VendorAdapter):
    """ISAPI adapter for Hikvision cameras."""

    vendor: ClassVar[str] = "hikvision"
    default_credentials: ClassVar[dict[str, str]] = {FACTORY_ADMIN: "12345"}
    detect_order: ClassVar[int] = 20
    # "Illegal login lock" (on by default): 5 rejected logins in a row lock the client
    # address for 30 minutes (Eagle Eye Networks' support article "Camera Locked -
    # Illegal Login Lock"; evercam-server issue #91: a 30 min lockout of an address).
    lockout: ClassVar[LoginLockout] = LoginLockout(
        threshold=5,
        window_s=1800.0,
        source="Hikvision illegal login lock: 5 failures lock this address for 30 minutes",
    )
    # The main stream's still image, as public ISAPI clients fetch it (with digest).
    snapshot_paths: ClassVar[tuple[str, ...]] = ("/ISAPI/Streaming/channels/101/picture",)
    # ISAPI online upgrade, read-only: the guide's flow (capabilities, server connectStatus,
    # version) up to the version answer; downloadPackage, upgrade and task (which fetch or
    # install firmware) and deviceParameter (a write) are never sent. See check_online_upgrade.
    update_check: ClassVar[str] = "Hikvision ISAPI onlineUpgrade"

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """GET /SDK/activateStatus (no credentials): Hikvision answers <Activated>."""
        if ctx.root_page is not None and is_hikvision_server(ctx.root_page.headers):
            return True
        try:
            resp = await ctx.http.request("GET", ctx.url(ACTIVATE_STATUS))
        except CannotConnect:
            return False
        if is_hikvision_server(resp.headers):
            return True
        return resp.status == 200 and xml.child_text(xml.parse(resp.body), "Activated") is not None

    @classmethod
    async def read_lock_state(cls, ctx: AuditContext) -> LockState | None:
        """The unauthenticated userCheck: its 401 carries the lock state for this client."""
        resp = await ctx.http.request("GET", ctx.url(USER_CHECK))
        return parse_lock_state(resp.body) if resp.status == 401 else None

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Read the lock state, log in once, then read each fact's endpoint."""
        await _refuse_factory_state(ctx)
        target = ctx.target
        client = DigestClient(ctx.http, target.username, target.password)
        check = await _user_check(ctx, client)
        self._note_default_password(ctx, facts, check)
        facts.device = parse_device_info(await _read(ctx, client, "/ISAPI/System/deviceInfo"))
        await _note_switches(ctx, client, facts)
        access = await _read(ctx, client, "/ISAPI/Security/adminAccesses")
        https_only = parse_https_only(access)
        if https_only is not None:
            facts.note("https_only", https_only, "ISAPI adminAccesses HTTP/HTTPS enabled")
        ntp, offset = parse_time(await _read(ctx, client, "/ISAPI/System/time"))
        if ntp is not None:
            facts.note("ntp_enabled", ntp, "ISAPI System/time timeMode")
        if offset is not None:
            facts.note("clock_offset_s", offset, "ISAPI System/time localTime")
        if facts.default_password is None and check is not None:
            await self._guarded_admin_login(ctx, facts)
        if ctx.update_check:
            # Last: whatever it answers, every other fact has been read already.
            running = facts.device.firmware if facts.device else ""
            facts.camera_update = await check_online_upgrade(ctx, client, running)

    def _note_default_password(
        self, ctx: AuditContext, facts: Facts, check: Element | None
    ) -> None:
        if self.uses_factory_credentials(ctx):
            facts.note("default_password", True, "configured credentials are the factory ones")
            return
        user = ctx.target.username
        if check is None:
            facts.evidence[_DEFAULT_FACT] = "ISAPI userCheck not offered by this firmware"
            return
        is_default = text_bool(xml.child_text(check, "isDefaultPassword"))
        risky = text_bool(xml.child_text(check, "isRiskPassword"))
        note = f"ISAPI userCheck isDefaultPassword={is_default} isRiskPassword={risky}"
        if is_default is True:
            facts.note("default_password", True, note)
        elif is_default is False and user in self.default_credentials:
            # The only factory account is the one we logged in with: that settles it.
            facts.note("default_password", False, note + " for the factory account")
        else:
            facts.evidence[_DEFAULT_FACT] = note + " (configured account is not admin)"

    async def _guarded_admin_login(self, ctx: AuditContext, facts: Facts) -> None:
        """One admin/12345 login, only if the guard allows it and no lock is reported."""
        host = ctx.target.host
        if not ctx.guard.may_try(host, FACTORY_ADMIN):
            facts.evidence[_DEFAULT_FACT] = "admin not checked: guarded login not allowed now"
            return
        probe = await ctx.http.request("GET", ctx.url(USER_CHECK))
        state = parse_lock_state(probe.body)
        left = state.attempts_left
        if probe.status != 401 or state.locked is not False or (left is not None and left < 2):
            facts.evidence[_DEFAULT_FACT] = "admin not checked: lock state not safe to try"
            return
        client = DigestClient(ctx.http, FACTORY_ADMIN, self.default_credentials[FACTORY_ADMIN])
        if not client.prime(probe):
            return
        ctx.guard.record(host, FACTORY_ADMIN)
        try:
            await digest_request(ctx, client, "GET", ctx.url(USER_CHECK))
        except InvalidAuth:
            facts.note(
                "default_password", False, "guarded admin login with the factory password failed"
            )
            return
        facts.note("default_password", True, "guarded admin login with the factory password worked")


def parse_online_version(root: Element | None, running: str) -> tuple[bool | None, str | None]:
    """(newer offered, offered version) from the onlineUpgrade/version answer.

    Hikvision's ISAPI guide describes the version information as `newVersion` ("version
    information of the new upgrade package") and `changeLog` (OnlineUpgradeCap's
    `<Version>` object). The answer's root is not documented in any source we read, so
    it is not relied on: `newVersion` is read under the root or its `<Version>` child.
    A ResponseStatus (firmware without the feature: statusCode 4, notSupport) or an
    answer without `newVersion` cannot tell (None). An empty `newVersion`, the release
    already running, or `newVersionAvailable` false is "nothing newer found" (False),
    never proof of being up to date. `newVersionAvailable` is the ISAPI form of the SDK's
    NET_DVR_ONLINEUPGRADE_VERSION_RET.byNewVersionAvailable (beside byNewVersion and
    byChangeLog); no ISAPI source shows it, so it may only veto, never make an offer.
    """
    if root is None or xml.local_name(root) == "ResponseStatus":
        return None, None
    holder = next(
        (
            h
            for h in (root, *xml.children(root, "Version"))
            if xml.child_text(h, "newVersion") is not None
        ),
        None,
    )
    if holder is None:
        return None, None
    offered = xml.child_text(holder, "newVersion") or ""
    vetoed = text_bool(xml.child_text(holder, "newVersionAvailable")) is False
    if vetoed or not offered or _same_release(offered, running):
        return False, None
    return True, offered


def _same_release(offered: str, running: str) -> bool:
    # "V5.8.10" names the release "V5.8.10 build 250101" runs; a build suffix on both sides
    # must match too.
    version = running.partition(" build ")[0]
    return offered in (running, version) if running else False


async def check_online_upgrade(
    ctx: AuditContext, client: DigestClient, running: str
) -> CameraUpdate:
    """The camera's own update check (ISAPI online upgrade), with GET requests only.

    The flow of Hikvision's ISAPI guide ("Online Upgrade Device"): capabilities first
    (no OnlineUpgradeCap: no check, nothing more is asked), then the upgrade server's
    connectStatus (an explicit false: the camera cannot reach Hikvision, so its answer
    would prove nothing; no answer: still asked, the version answer says what it knows),
    then `version?check=true` as Hikvision's WebSDK URL table has it
    (`onlineUpgrade/version?check=%s`): the camera asks Hikvision's server. A rejected
    or failed request ends the check unknown; nothing is ever retried.
    """
    unknown = CameraUpdate(HikvisionAdapter.update_check, None)
    try:
        cap = await _read(ctx, client, f"{ONLINE_UPGRADE}/capabilities")
        if cap is None or xml.local_name(cap) != "OnlineUpgradeCap":
            return unknown
        server = await _read(ctx, client, f"{ONLINE_UPGRADE}/server")
        if text_bool(xml.child_text(server, "connectStatus")) is False:
            return unknown
        answer = await _read(ctx, client, f"{ONLINE_UPGRADE}/version?check=true")
    except CannotConnect, InvalidAuth:
        return unknown
    available, version = parse_online_version(answer, running)
    return CameraUpdate(HikvisionAdapter.update_check, available, version)


async def _refuse_factory_state(ctx: AuditContext) -> None:
    # A camera in factory state must be activated by its owner; never by us.
    resp = await ctx.http.request("GET", ctx.url(ACTIVATE_STATUS))
    activated = text_bool(xml.child_text(xml.parse(resp.body), "Activated"))
    if resp.status == 200 and activated is False:
        raise CannotConnect("camera is not activated (factory state)")


async def _user_check(ctx: AuditContext, client: DigestClient) -> Element | None:
    """Read the lock state without credentials, then log in once via userCheck.

    None when the firmware has no userCheck (then neither lock state nor the
    default-password flag can be read, and no guarded login is made).
    """
    first = await ctx.http.request("GET", ctx.url(USER_CHECK))
    if first.status == 401:
        if parse_lock_state(first.body).locked:
            raise LoginLocked("camera reports a login lock for this client")
        if not client.prime(first):
            raise CannotConnect("camera offers no usable digest challenge")
        first = await digest_request(ctx, client, "GET", ctx.url(USER_CHECK))
    if first.status in (403, 404):
        return None  # firmware without userCheck: the next read logs in instead
    root = xml.parse(first.body) if first.status == 200 else None
    if root is None:
        raise CannotConnect(f"userCheck answered HTTP {first.status}")
    if xml.child_text(root, "statusValue") == "401":
        # Some firmware answers a rejected login with HTTP 200 and statusValue 401.
        ctx.login_failures += 1
        client.rejected = True
        raise InvalidAuth("camera rejected the credentials")
    return root


async def _read(ctx: AuditContext, client: DigestClient, path: str) -> Element | None:
    """GET an ISAPI document; None when the camera does not offer it."""
    resp: Response = await digest_request(ctx, client, "GET", ctx.url(path))
    return xml.parse(resp.body) if resp.status == 200 else None


async def _note_switches(ctx: AuditContext, client: DigestClient, facts: Facts) -> None:
    """The on/off services: EZVIZ cloud, UPnP, SSH, telnet (each from its <enabled>)."""
    for fact, path, label in (
        ("cloud_access", "/ISAPI/System/Network/EZVIZ", "EZVIZ/Hik-Connect"),
        ("upnp", "/ISAPI/System/Network/UPnP", "UPnP"),
        ("ssh", "/ISAPI/System/Network/ssh", "SSH"),
        ("telnet", "/ISAPI/System/Network/telnetd", "telnetd"),
        # <IllegalLoginLock><enabled> (with maxIllegalLoginTimes / maxIllegalLoginLockTime).
        ("brute_force_protection", "/ISAPI/Security/illegalLoginLock", "illegal login lock"),
    ):
        # Only <enabled> is read: the EZVIZ answer may hold the device's verification code.
        enabled = text_bool(xml.child_text(await _read(ctx, client, path), "enabled"))
        if enabled is not None:
            facts.note(fact, enabled, f"ISAPI {path.rsplit('/', 1)[-1]} enabled ({label})")
        else:
            facts.tried(fact, f"ISAPI {path} not offered or without <enabled>")
