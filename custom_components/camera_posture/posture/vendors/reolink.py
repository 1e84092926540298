"""Reolink JSON API (`/cgi-bin/api.cgi`): one Login, one batch of reads, one Logout.

Reolink cameras allow only a few sessions (rspCode -5 when full), so the adapter
always logs out. A rejected login (-7) is reported once and never retried; a
locked camera (-506) raises LoginLocked and is left alone. The P2P UID in GetP2p
is a secret: only the `enable` switch is read, the UID is never kept or logged.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any, ClassVar

from ..errors import CannotConnect, InvalidAuth, LoginLocked
from ..models import CameraUpdate, DeviceInfo, Facts, mac_address
from .base import AuditContext, VendorAdapter, note_onvif_clock
from .reolink_json import CommandResult, enabled, parse_reply, section, text

API = "/cgi-bin/api.cgi"
_READS = ("GetDevInfo", "GetLocalLink", "GetP2p", "GetUpnp", "GetNtp", "GetNetPort")


def _body(*commands: tuple[str, dict[str, Any]]) -> bytes:
    return json.dumps(
        [{"cmd": cmd, "action": 0, "param": param} for cmd, param in commands]
    ).encode()


class ReolinkAdapter(VendorAdapter):
    """Reads a Reolink camera's posture through its JSON API."""

    vendor = "reolink"
    default_credentials: ClassVar[dict[str, str]] = {"admin": ""}
    # The Snap command as reolink_aio sends it (it adds a token or user/password; we don't).
    snapshot_paths: ClassVar[tuple[str, ...]] = ("/cgi-bin/api.cgi?cmd=Snap&channel=0",)
    detect_order = 30
    # CheckFirmware asks the camera to look for a new online-upgrade file (Reolink
    # "Camera HTTP API User Guide" v7, 3.1.17; used read-only by reolink_aio's
    # Host.check_new_firmware). UpgradeOnline, which would install it, is never sent.
    update_check = "Reolink CheckFirmware"

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """Without a token, api.cgi answers a command list with a per-command error."""
        response = await ctx.http.request(
            "POST", ctx.url(f"{API}?cmd=GetDevInfo"), data=_body(("GetDevInfo", {}))
        )
        if response.status != 200:
            return False
        result = parse_reply(response.body).get("GetDevInfo")
        return result is not None and (result.ok or result.rsp_code is not None)

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Fill identity, P2P, UPnP, NTP, HTTPS and default-password facts."""
        token = await self._login(ctx)
        try:
            response = await ctx.http.request(
                "POST",
                ctx.url(f"{API}?cmd=GetDevInfo&token={token}"),
                data=_body(*((cmd, {}) for cmd in _READS)),
            )
            if ctx.update_check:
                facts.camera_update = await _check_firmware(ctx, token)
        finally:
            await _logout(ctx, token)
        results = parse_reply(response.body) if response.status == 200 else {}
        device = _device(results)
        if device is None:
            raise CannotConnect("camera did not answer GetDevInfo")
        facts.device = device
        _note_switches(facts, results)
        _note_https(facts, section(results.get("GetNetPort"), "NetPort"))
        self.note_factory_credentials(ctx, facts)
        await note_onvif_clock(ctx, facts)

    async def _login(self, ctx: AuditContext) -> str:
        """Log in once; InvalidAuth on rejected credentials, LoginLocked when locked."""
        user = {"userName": ctx.target.username, "password": ctx.target.password}
        response = await ctx.http.request(
            "POST", ctx.url(f"{API}?cmd=Login&token=null"), data=_body(("Login", {"User": user}))
        )
        result = parse_reply(response.body).get("Login") if response.status == 200 else None
        token = text(section(result, "Token"), "name")
        if token:
            return token
        if result is not None and result.locked:
            # The lock refused the login before judging the password (not a failed
            # login); the user must act, and further attempts would only extend it.
            raise LoginLocked("camera reports logins locked (rspCode -506)")
        if result is not None and result.bad_credentials:
            ctx.login_failures += 1
            raise InvalidAuth("camera rejected the credentials")
        code = result.rsp_code if result is not None else None
        raise CannotConnect(f"login not possible (rspCode {code})")


async def _logout(ctx: AuditContext, token: str) -> None:
    """Free the session slot; a failed logout is not worth failing the audit."""
    with contextlib.suppress(CannotConnect):
        await ctx.http.request(
            "POST", ctx.url(f"{API}?cmd=Logout&token={token}"), data=_body(("Logout", {}))
        )


async def _check_firmware(ctx: AuditContext, token: str) -> CameraUpdate:
    """The camera's own update check: newFirmware 1 = a newer firmware is offered.

    Sent alone, as reolink_aio does: the camera asks Reolink's cloud before answering.
    0 only says the camera found nothing, which is also what a camera without internet
    access answers, so it is kept as "no newer firmware found", never as "up to date".
    """
    try:
        response = await ctx.http.request(
            "POST",
            ctx.url(f"{API}?cmd=CheckFirmware&token={token}"),
            data=json.dumps([{"cmd": "CheckFirmware"}]).encode(),
        )
    except CannotConnect:
        return CameraUpdate(ReolinkAdapter.update_check, None)
    result = parse_reply(response.body).get("CheckFirmware")
    available = enabled(result.value if result is not None else {}, "newFirmware")
    return CameraUpdate(ReolinkAdapter.update_check, available)


def _device(results: dict[str, CommandResult]) -> DeviceInfo | None:
    info = section(results.get("GetDevInfo"), "DevInfo")
    if not text(info, "model") and not text(info, "firmVer"):
        return None
    return DeviceInfo(
        manufacturer="Reolink",
        model=text(info, "model"),
        firmware=text(info, "firmVer"),
        serial=text(info, "serial"),
        hardware_id=text(info, "hardVer"),
        mac=mac_address(text(section(results.get("GetLocalLink"), "LocalLink"), "mac")),
    )


def _note_switches(facts: Facts, results: dict[str, CommandResult]) -> None:
    # Only the enable switch of GetP2p: its uid is a secret and is never read.
    for fact, cmd, name, what in (
        ("cloud_access", "GetP2p", "P2p", "P2P (Reolink cloud)"),
        ("upnp", "GetUpnp", "Upnp", "UPnP"),
        ("ntp_enabled", "GetNtp", "Ntp", "NTP"),
    ):
        value = enabled(section(results.get(cmd), name), "enable")
        if value is not None:
            facts.note(fact, value, f"Reolink {cmd}: {what} {'on' if value else 'off'}")
        else:
            facts.tried(fact, f"Reolink {cmd} not answered")


def _note_https(facts: Facts, ports: dict[str, Any]) -> None:
    http, https = enabled(ports, "httpEnable"), enabled(ports, "httpsEnable")
    if http is None:
        # Older firmware (an E1 Zoom's v3.0.0.1107, an RLC-511W's v3.0.0.142) answers
        # GetNetPort with the port numbers only: answered, but no switch to judge by.
        facts.tried(
            "https_only",
            "Reolink GetNetPort: no httpEnable switch (ports only)"
            if ports
            else "Reolink GetNetPort not answered",
        )
        return
    only = not http and https is True
    if http or https is not None:
        facts.note(
            "https_only",
            only,
            f"Reolink GetNetPort: HTTP {'on' if http else 'off'}, "
            f"HTTPS {'unknown' if https is None else 'on' if https else 'off'}",
        )
