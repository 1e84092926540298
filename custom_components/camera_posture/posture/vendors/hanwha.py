"""Hanwha Techwin / Wisenet / Samsung SmartCam adapter (SUNAPI over HTTP digest).

Detection reads pw_init statuscheck, which needs no credentials. Facts come from
key=value views under /stw-cgi/. The factory-initialisation call on the same CGI
(`setinitpassword`) is never made: on a camera in factory state it takes it over.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import ClassVar

from ..booleans import text_bool
from ..models import DeviceInfo, Facts, mac_address
from ..transport.digest import DigestClient
from ._keyvalue import parse_key_values
from .base import AuditContext, FieldSession, VendorAdapter, digest_request, note_plain_http


# SUNAPI 2.5+ may answer a view as one flat JSON object instead of key=value lines
# (Hanwha's SUNAPI Application Programmer's Guide shows both forms for deviceinfo).
def parse_view(body: bytes) -> dict[str, str]:
    """A SUNAPI view as key -> text: key=value lines, or a flat JSON object."""
    if body.lstrip().startswith(b"{"):
        try:
            # strict=False: the SUNAPI reference's own deviceinfo example (Introduction 1.4.1,
            # XNF-9010RV) has a raw line break inside BootloaderVersion; strict JSON would
            # reject the whole answer and lose the model and firmware with it.
            data = json.loads(body, strict=False)
        except ValueError, RecursionError:
            data = None  # e.g. key=value lines wrapped in braces: read them as lines
        if isinstance(data, dict):
            return _flat(data)
    return parse_key_values(body)


def _flat(data: dict[object, object], prefix: str = "") -> dict[str, str]:
    # Nested objects read as dotted keys, as SUNAPI's text form names list entries: the
    # JSON form wraps some views, {"P2P": {"Enable": true}} and {"UpnpDiscovery":
    # [{"Enable": true}]}, where the text form says "Enable=True" (SUNAPI Network 2.6.3,
    # 34.4.1 and 6.4.1). One level only: deeper nesting is no view we read.
    fields: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, str | bool | int | float):
            fields[f"{prefix}{key}"] = _text(value)
        elif prefix:
            continue
        elif isinstance(value, dict):
            fields.update(_flat(value, f"{key}."))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    fields.update(_flat(item, f"{key}.{index}."))
    return fields


def _text(value: str | bool | float) -> str:
    # JSON booleans as SUNAPI's own "True"/"False" text, so one reader serves both forms.
    return str(value) if not isinstance(value, bool) else ("True" if value else "False")


STATUS_PATH = "/init-cgi/pw_init.cgi?msubmenu=statuscheck&action=view"
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
# The vendor cloud switch: "p2p" is the submenu SUNAPI documents (Network 2.6.3, chapter
# 34, NVRs); "cloud" is what the simulator serves, unverified on a real device. The first
# view that names Enable decides. Each with the key its JSON form wraps Enable in.
_CLOUD_VIEWS = (("p2p", "P2P"), ("cloud", ""))


class HanwhaAdapter(VendorAdapter):
    """SUNAPI cameras: Hanwha Techwin, Wisenet, Samsung Techwin and SmartCam."""

    vendor: ClassVar[str] = "hanwha"
    default_credentials: ClassVar[dict[str, str]] = {"admin": "4321"}
    detect_order: ClassVar[int] = 20

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """Yes when pw_init statuscheck answers with an Initialized key (no credentials)."""
        status = await _statuscheck(ctx)
        return status is not None and "Initialized" in status

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Identity, default password, cloud, UPnP and time, read with the configured account."""
        sunapi = _Sunapi(ctx)
        info = await sunapi.require("system.cgi?msubmenu=deviceinfo&action=view")
        mac = mac_address(info.get("ConnectedMACAddress", ""))
        # deviceinfo names no maker; statuscheck does, as the device brands itself
        # ("Hanwha Vision": SUNAPI guide 2.6.3, 4.1). Without it: the family's old name.
        status = await _statuscheck(ctx) or {}
        facts.device = DeviceInfo(
            manufacturer=status.get("Manufacturer") or "Hanwha Techwin",
            model=info.get("Model", ""),
            firmware=info.get("FirmwareVersion", ""),
            serial=info.get("SerialNumber", ""),
            mac=mac,
        )
        strength = info.get("PasswordStrength")
        self.note_factory_credentials(
            ctx, facts, f" (PasswordStrength={strength})" if strength else ""
        )
        # The admin API just answered over plain HTTP, credentials and all.
        note_plain_http(ctx, facts, "SUNAPI answered over plain HTTP")
        await _cloud(sunapi, facts)
        upnp_view = "network.cgi?msubmenu=upnpdiscovery&action=view"
        upnp = _enabled(await sunapi.read(upnp_view) or {}, "UpnpDiscovery")
        if upnp is not None:
            facts.note("upnp", upnp, f"SUNAPI network upnpdiscovery Enable={upnp}")
        else:
            facts.tried("upnp", "SUNAPI network upnpdiscovery view not offered")
        _time(await sunapi.read("system.cgi?msubmenu=date&action=view") or {}, facts)


async def _statuscheck(ctx: AuditContext) -> dict[str, str] | None:
    """pw_init statuscheck's fields (asked without credentials); None unless HTTP 200.

    Detection and collection both read it; the camera is asked once per audit.
    """
    resp = await ctx.open_get(STATUS_PATH)
    return parse_view(resp.body) if resp.status == 200 else None


def _enabled(values: dict[str, str], wrapper: str) -> bool | None:
    """A view's Enable switch, in its text form or wrapped by its JSON form."""
    for key in ("Enable", f"{wrapper}.Enable", f"{wrapper}.0.Enable"):
        if key in values:
            return text_bool(values[key])
    return None


async def _cloud(sunapi: _Sunapi, facts: Facts) -> None:
    for submenu, wrapper in _CLOUD_VIEWS:
        values = await sunapi.read(f"network.cgi?msubmenu={submenu}&action=view") or {}
        enabled = _enabled(values, wrapper)
        if enabled is not None:
            facts.note("cloud_access", enabled, f"SUNAPI network {submenu} Enable={enabled}")
            return
    facts.tried("cloud_access", "SUNAPI network p2p and cloud views not offered")


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


class _Sunapi(FieldSession):
    """The configured account's SUNAPI session over the shared digest client.

    One challenge round trip (no credentials, not a login), then every view signed
    with the same nonce; a 401 is a rejected login, counted once and never retried.
    """

    api = "SUNAPI"

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        self._client = DigestClient(ctx.http, ctx.target.username, ctx.target.password)

    async def _fetch(self, what: str) -> tuple[int, dict[str, str] | None]:
        # /stw-cgi/<what>: a view the model lacks answers an error status; "NG" (the
        # camera's refusal) reads as no fields.
        resp = await digest_request(
            self._ctx, self._client, "GET", self._ctx.url(f"/stw-cgi/{what}")
        )
        if resp.status != 200:
            return resp.status, None
        return resp.status, parse_view(resp.body)
