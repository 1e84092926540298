"""Foscam adapter: CGIProxy.fcgi, credentials in the query string.

The credentials travel in the URL, so a URL built here never reaches a log, an
exception or an evidence string: errors carry the command name only (HttpClient
already drops aiohttp's messages, which can echo the URL).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import ClassVar

from defusedxml import ElementTree
from yarl import URL

from ..booleans import ONE_ZERO, text_bool
from ..errors import CannotConnect, InvalidAuth
from ..models import DeviceInfo, Facts, mac_address
from .base import AuditContext, FieldSession, VendorAdapter, note_plain_http

CGI_PATH = "/cgi-bin/CGIProxy.fcgi"
# CGI_Result codes (Foscam CGI SDK).
OK, BAD_CREDENTIALS = 0, -2


def parse_result(body: bytes) -> tuple[int, dict[str, str]] | None:
    """(result code, fields) of a <CGI_Result> answer; None when it is not one."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError, ValueError:
        # defusedxml's DTD/entity refusals are ValueError subclasses.
        return None
    if root.tag != "CGI_Result":
        return None
    try:
        code = int((root.findtext("result") or "").strip())
    except ValueError:
        return None
    return code, {child.tag: (child.text or "").strip() for child in root if child.tag != "result"}


class FoscamAdapter(VendorAdapter):
    """Foscam HD cameras (CGIProxy.fcgi, HTTP port 88 by default)."""

    vendor: ClassVar[str] = "foscam"
    default_credentials: ClassVar[dict[str, str]] = {"admin": ""}
    detect_order: ClassVar[int] = 40

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """Yes when CGIProxy answers a credential-less call with a <CGI_Result>."""
        # Without usr/pwd the call is refused as malformed, which no login counter sees.
        url = ctx.url(CGI_PATH + "?cmd=getDevState")
        resp = await ctx.http.request("GET", url)
        return resp.status == 200 and parse_result(resp.body) is not None

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Identity, default password, plain HTTP, UPnP, P2P and time over CGIProxy."""
        cgi = _Cgi(ctx)
        info = await cgi.require("getDevInfo")
        if info is None:
            raise CannotConnect("Foscam getDevInfo refused")
        facts.device = DeviceInfo(
            manufacturer="Foscam",
            model=info.get("productName", ""),
            firmware=info.get("firmwareVer", ""),
            serial=info.get("serialNo", ""),
            hardware_id=info.get("hardwareVer", ""),
            # getDevInfo reports the MAC as 12 hex digits without separators.
            mac=mac_address(info.get("mac", "")),
        )
        self.note_factory_credentials(ctx, facts)
        note_plain_http(ctx, facts, "CGIProxy answered over plain HTTP (credentials in the URL)")
        upnp = text_bool((await cgi.read("getUPnPConfig") or {}).get("isEnable"), ONE_ZERO)
        if upnp is not None:
            facts.note("upnp", upnp, f"CGIProxy getUPnPConfig isEnable={int(upnp)}")
        p2p = text_bool((await cgi.read("getP2PEnable") or {}).get("enable"), ONE_ZERO)
        if p2p is not None:
            facts.note("cloud_access", p2p, f"CGIProxy getP2PEnable enable={int(p2p)}")
        _time(await cgi.read("getSystemTime") or {}, facts)


def _time(values: dict[str, str], facts: Facts) -> None:
    source = values.get("timeSource")
    if source in ("0", "1"):
        facts.note("ntp_enabled", source == "0", f"CGIProxy getSystemTime timeSource={source}")
    try:
        year, mon, day, hour, minute, sec = (
            int(values[key]) for key in ("year", "mon", "day", "hour", "minute", "sec")
        )
        local = datetime(year, mon, day, hour, minute, sec, tzinfo=UTC)
        # timeZone: seconds to add to local time to get UTC (GMT+8 is -28800).
        utc = local + timedelta(seconds=int(values["timeZone"]))
    except KeyError, ValueError, OverflowError:
        return
    facts.note(
        "clock_offset_s",
        utc.timestamp() - datetime.now(UTC).timestamp(),
        "CGIProxy getSystemTime",
    )


class _Cgi(FieldSession):
    """One CGIProxy command at a time, with the configured credentials in the query."""

    api = "Foscam"

    async def _fetch(self, what: str) -> tuple[int, dict[str, str] | None]:
        # Bad credentials answer in the CGI_Result: counted once, never retried.
        target = self._ctx.target
        base = URL(self._ctx.url(CGI_PATH))
        url = base.with_query({"cmd": what, "usr": target.username, "pwd": target.password})
        resp = await self._ctx.http.request("GET", str(url))
        parsed = parse_result(resp.body) if resp.status == 200 else None
        if parsed is None:
            return resp.status, None
        code, fields = parsed
        if code == BAD_CREDENTIALS:
            self._ctx.login_failures += 1
            raise InvalidAuth(f"Foscam {what}")
        return resp.status, fields if code == OK else None
