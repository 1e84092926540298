"""A small ONVIF device-service client: SOAP 1.2 over the audit's HTTP client.

We speak the handful of device-service calls we need directly instead of
loading WSDLs (the cost that makes Home Assistant's onvif integration slow to
set up). Authentication is WS-Security UsernameToken with PasswordDigest; the
token's Created time is shifted by the camera's clock offset, because cameras
reject tokens outside a few seconds of their own clock.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from yarl import URL

from ..errors import CannotConnect, InvalidAuth
from ..models import DeviceInfo
from .http import HttpClient

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
_DIGEST_TYPE = (
    "http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
)
_NONCE_ENCODING = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
DEVICE_SERVICE_PATH = "/onvif/device_service"
_CONTENT_TYPE = "application/soap+xml; charset=utf-8"


def password_digest(nonce: bytes, created: str, password: str) -> str:
    """Base64(SHA1(nonce + created + password)) as WS-Security defines it."""
    raw = nonce + created.encode() + password.encode()
    return base64.b64encode(hashlib.sha1(raw, usedforsecurity=False).digest()).decode()


def _security_header(username: str, password: str, clock_offset_s: float) -> str:
    nonce = os.urandom(16)
    created = (
        datetime.fromtimestamp(time.time() + clock_offset_s, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[
            :-3
        ]
        + "Z"
    )
    digest = password_digest(nonce, created, password)
    return (
        f'<wsse:Security xmlns:wsse="{NS["wsse"]}" xmlns:wsu="{NS["wsu"]}">'
        "<wsse:UsernameToken>"
        f"<wsse:Username>{_escape(username)}</wsse:Username>"
        f'<wsse:Password Type="{_DIGEST_TYPE}">{digest}</wsse:Password>'
        f'<wsse:Nonce EncodingType="{_NONCE_ENCODING}">'
        f"{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created>"
        "</wsse:UsernameToken></wsse:Security>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def envelope(body: str, header: str = "") -> bytes:
    """Wrap a body (and optional header) in a SOAP 1.2 envelope."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="{NS["s"]}" '
        f'xmlns:tds="{NS["tds"]}" xmlns:tt="{NS["tt"]}">'
        f"<s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


def _text(parent: Element, path: str) -> str:
    found = parent.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


@dataclass(frozen=True, slots=True)
class SystemDateAndTime:
    """The camera's clock and how it keeps it."""

    utc: datetime | None
    ntp: bool | None


def parse_system_date_and_time(response: Element) -> SystemDateAndTime:
    """Read GetSystemDateAndTimeResponse; missing or odd fields become None."""
    info = response.find("tds:SystemDateAndTime", NS)
    if info is None:
        return SystemDateAndTime(None, None)
    mode = _text(info, "tt:DateTimeType")
    ntp = {"NTP": True, "Manual": False}.get(mode)
    utc_el = info.find("tt:UTCDateTime", NS)
    if utc_el is None:
        return SystemDateAndTime(None, ntp)
    try:
        utc = datetime(
            int(_text(utc_el, "tt:Date/tt:Year")),
            int(_text(utc_el, "tt:Date/tt:Month")),
            int(_text(utc_el, "tt:Date/tt:Day")),
            int(_text(utc_el, "tt:Time/tt:Hour")),
            int(_text(utc_el, "tt:Time/tt:Minute")),
            int(_text(utc_el, "tt:Time/tt:Second")),
            tzinfo=UTC,
        )
    except ValueError, OverflowError:  # OverflowError: digits beyond a C int
        return SystemDateAndTime(None, ntp)
    return SystemDateAndTime(utc, ntp)


class OnvifClient:
    """Device-service calls against one camera."""

    def __init__(
        self,
        http: HttpClient,
        host: str,
        port: int,
        username: str = "",
        password: str = "",
        *,
        scheme: str = "http",
    ) -> None:
        self._http = http
        self._url = str(URL.build(scheme=scheme, host=host, port=port, path=DEVICE_SERVICE_PATH))
        self._username = username
        self._password = password
        self.clock_offset_s = 0.0

    async def call(self, operation: str, inner: str = "", *, auth: bool = True) -> Element:
        """Call tds:<operation> and return its response element."""
        header = (
            _security_header(self._username, self._password, self.clock_offset_s)
            if auth and self._username
            else ""
        )
        body = envelope(f"<tds:{operation}>{inner}</tds:{operation}>", header)
        resp = await self._http.request(
            "POST", self._url, data=body, headers={"Content-Type": _CONTENT_TYPE}
        )
        if resp.status == 401:
            raise InvalidAuth(operation)
        try:
            root = ElementTree.fromstring(resp.body)
        except (ElementTree.ParseError, ValueError) as err:
            # defusedxml's DTD/entity refusals are ValueError subclasses.
            raise CannotConnect(f"{operation}: unreadable answer ({type(err).__name__})") from None
        fault = root.find("s:Body/s:Fault", NS)
        if fault is not None:
            subcodes = " ".join(el.text or "" for el in fault.iter(f"{{{NS['s']}}}Value"))
            if "NotAuthorized" in subcodes or "FailedAuthentication" in subcodes:
                raise InvalidAuth(operation)
            raise CannotConnect(f"{operation}: SOAP fault")
        answer = root.find(f"s:Body/tds:{operation}Response", NS)
        if answer is None:
            raise CannotConnect(f"{operation}: no {operation}Response (HTTP {resp.status})")
        return answer

    async def get_system_date_and_time(self) -> SystemDateAndTime:
        """Read the camera clock (no credentials) and remember its offset from ours."""
        result = parse_system_date_and_time(await self.call("GetSystemDateAndTime", auth=False))
        if result.utc is not None:
            self.clock_offset_s = result.utc.timestamp() - time.time()
        return result

    async def get_device_information(self) -> DeviceInfo:
        """Manufacturer, model, firmware and serial (needs credentials)."""
        answer = await self.call("GetDeviceInformation")
        return DeviceInfo(
            manufacturer=_text(answer, "tds:Manufacturer"),
            model=_text(answer, "tds:Model"),
            firmware=_text(answer, "tds:FirmwareVersion"),
            serial=_text(answer, "tds:SerialNumber"),
            hardware_id=_text(answer, "tds:HardwareId"),
        )

    async def get_mac(self) -> str:
        """Read the first network interface's hardware address ("" if none is reported)."""
        answer = await self.call("GetNetworkInterfaces")
        return _text(answer, "tds:NetworkInterfaces/tt:Info/tt:HwAddress")

    async def get_users(self) -> list[OnvifUser]:
        """ONVIF accounts and their levels (needs credentials, usually an administrator)."""
        answer = await self.call("GetUsers")
        return [
            OnvifUser(_text(user, "tt:Username"), _text(user, "tt:UserLevel"))
            for user in answer.findall("tds:User", NS)
        ]

    async def get_network_protocols(self) -> list[NetworkProtocol]:
        """HTTP/HTTPS/RTSP and whether each is enabled, with its first port."""
        answer = await self.call("GetNetworkProtocols")
        return [
            NetworkProtocol(
                _text(proto, "tt:Name"),
                _bool(_text(proto, "tt:Enabled")),
                _int(_text(proto, "tt:Port")),
            )
            for proto in answer.findall("tds:NetworkProtocols", NS)
        ]

    async def get_ntp(self) -> NtpInformation:
        """Where the camera gets its NTP servers (DHCP or manual), without their names."""
        answer = await self.call("GetNTP")
        info = answer.find("tds:NTPInformation", NS)
        if info is None:
            return NtpInformation(None, 0, 0)
        return NtpInformation(
            _bool(_text(info, "tt:FromDHCP")),
            len(info.findall("tt:NTPManual", NS)),
            len(info.findall("tt:NTPFromDHCP", NS)),
        )


def _bool(text: str) -> bool | None:
    return {"true": True, "false": False, "1": True, "0": False}.get(text.lower())


def _int(text: str) -> int | None:
    if not (text.isascii() and text.isdigit()):
        return None
    try:
        return int(text)
    except ValueError:  # more digits than int() accepts
        return None


@dataclass(frozen=True, slots=True)
class OnvifUser:
    """One ONVIF account (GetUsers never reports passwords)."""

    username: str
    level: str


@dataclass(frozen=True, slots=True)
class NetworkProtocol:
    """One GetNetworkProtocols entry; None where the camera's answer was unreadable."""

    name: str
    enabled: bool | None
    port: int | None


@dataclass(frozen=True, slots=True)
class NtpInformation:
    """GetNTP: whether servers come from DHCP, and how many are set each way."""

    from_dhcp: bool | None
    manual_servers: int
    dhcp_servers: int
