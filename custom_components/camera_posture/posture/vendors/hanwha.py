"""Hanwha Techwin / Wisenet / Samsung SmartCam adapter (SUNAPI over HTTP digest).

Detection reads pw_init statuscheck, which needs no credentials. Facts come from
key=value views under /stw-cgi/. The factory-initialisation call on the same CGI
(`setinitpassword`) is never made: on a camera in factory state it takes it over.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from typing import ClassVar

from ..errors import CannotConnect, InvalidAuth
from ..models import DeviceInfo, Facts
from ..transport.http import Response
from .base import AuditContext, VendorAdapter

STATUS_PATH = "/init-cgi/pw_init.cgi?msubmenu=statuscheck&action=view"
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
# The cloud submenu is what the simulator serves; the real camera's is unverified.
_CLOUD_VIEW = "network.cgi?msubmenu=cloud&action=view"


def parse_kv(body: bytes) -> dict[str, str]:
    """SUNAPI key=value lines; anything else (blank, "NG", error text) is skipped."""
    values: dict[str, str] = {}
    for line in body.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            values[key.strip()] = value.strip()
    return values


def _flag(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get((value or "").lower())


class HanwhaAdapter(VendorAdapter):
    """SUNAPI cameras: Hanwha Techwin, Wisenet, Samsung Techwin and SmartCam."""

    vendor: ClassVar[str] = "hanwha"
    default_credentials: ClassVar[dict[str, str]] = {"admin": "4321"}
    detect_order: ClassVar[int] = 20

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """Yes when pw_init statuscheck answers with an Initialized key (no credentials)."""
        resp = await ctx.http.request("GET", ctx.url(STATUS_PATH))
        return resp.status == 200 and "Initialized" in parse_kv(resp.body)

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Identity, default password, cloud, UPnP and time, read with the configured account."""
        sunapi = _Sunapi(ctx)
        info = await sunapi.view("system.cgi?msubmenu=deviceinfo&action=view", required=True)
        mac = info.get("ConnectedMACAddress", "").lower()
        facts.device = DeviceInfo(
            manufacturer="Hanwha Techwin",
            model=info.get("Model", ""),
            firmware=info.get("FirmwareVersion", ""),
            serial=info.get("SerialNumber", ""),
            mac=mac,
        )
        self._default_password(ctx, info.get("PasswordStrength"), facts)
        # The admin API just answered over plain HTTP, credentials and all.
        facts.note("https_only", False, "SUNAPI answered over plain HTTP")
        cloud = _flag((await sunapi.view(_CLOUD_VIEW)).get("Enable"))
        if cloud is not None:
            facts.note("cloud_access", cloud, f"SUNAPI network cloud Enable={cloud}")
        upnp_view = "network.cgi?msubmenu=upnpdiscovery&action=view"
        upnp = _flag((await sunapi.view(upnp_view)).get("Enable"))
        if upnp is not None:
            facts.note("upnp", upnp, f"SUNAPI network upnpdiscovery Enable={upnp}")
        _time(await sunapi.view("system.cgi?msubmenu=date&action=view"), facts)

    def _default_password(self, ctx: AuditContext, strength: str | None, facts: Facts) -> None:
        # Step 1: the configured account is itself the factory default -> no request needed.
        target = ctx.target
        shown = f" (PasswordStrength={strength})" if strength else ""
        if self.default_credentials.get(target.username) == target.password:
            facts.note(
                "default_password", True, f"configured account is the factory default{shown}"
            )
        elif target.username in self.default_credentials:
            # The factory account just logged in with a password that is not the default.
            facts.note("default_password", False, f"factory account uses a changed password{shown}")


def _time(values: dict[str, str], facts: Facts) -> None:
    sync = values.get("SyncType")
    if sync in ("NTP", "Manual"):
        facts.note("ntp_enabled", sync == "NTP", f"SUNAPI system date SyncType={sync}")
    try:
        utc = datetime.strptime(values.get("UTCTime", ""), _DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return
    offset = utc.timestamp() - datetime.now(UTC).timestamp()
    facts.note("clock_offset_s", offset, "SUNAPI system date UTCTime")


class _Sunapi:
    """GET SUNAPI views with HTTP digest (MD5, qop=auth).

    Minimal digest, to be unified with transport/digest.py: each view is a challenge
    request (no credentials, not a login) and one answer; a 401 on the answer is a
    rejected login, raised once and never retried.
    """

    def __init__(self, ctx: AuditContext) -> None:
        self._ctx = ctx

    async def view(self, query: str, *, required: bool = False) -> dict[str, str]:
        """Read /stw-cgi/<query>; key=value pairs, empty when the camera says NG.

        An optional view the model lacks (an error status) is empty too; a required
        one raises CannotConnect.
        """
        path = f"/stw-cgi/{query}"
        url = self._ctx.url(path)
        first = await self._ctx.http.request("GET", url)
        if first.status == 401:
            header = _digest_header(self._ctx, first, path)
            resp = await self._ctx.http.request("GET", url, headers={"Authorization": header})
            if resp.status == 401:
                self._ctx.login_failures += 1
                raise InvalidAuth("SUNAPI")
        else:
            resp = first
        if resp.status != 200:
            if required:
                raise CannotConnect(f"SUNAPI HTTP {resp.status}")
            return {}
        return parse_kv(resp.body)


def _challenge(resp: Response) -> dict[str, str]:
    header = next((v for k, v in resp.headers.items() if k.lower() == "www-authenticate"), "")
    if not header.startswith("Digest "):
        raise CannotConnect("SUNAPI: no digest challenge")
    fields: dict[str, str] = {}
    for part in header.removeprefix("Digest ").split(","):
        key, sep, value = part.strip().partition("=")
        if sep:
            fields[key.strip().lower()] = value.strip().strip('"')
    return fields


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _digest_header(ctx: AuditContext, challenge_resp: Response, uri: str) -> str:
    fields = _challenge(challenge_resp)
    realm, nonce = fields.get("realm", ""), fields.get("nonce", "")
    user, password = ctx.target.username, ctx.target.password
    ha1 = _md5(f"{user}:{realm}:{password}")
    ha2 = _md5(f"GET:{uri}")
    parts = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"']
    if "auth" in (qop.strip() for qop in fields.get("qop", "").split(",")):
        cnonce, nc = os.urandom(8).hex(), "00000001"
        response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = _md5(f"{ha1}:{nonce}:{ha2}")
    parts += [f'response="{response}"', "algorithm=MD5"]
    if "opaque" in fields:
        parts.append(f'opaque="{fields["opaque"]}"')
    return "Digest " + ", ".join(parts)
