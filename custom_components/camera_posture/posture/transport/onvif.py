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

from ..booleans import XS_BOOLEAN, text_bool
from ..errors import InvalidAuth, UnusableAnswer
from ..models import DeviceInfo, Target
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


# Clark-notation ("{namespace}Tag") names: ElementTree matches a single such tag in C,
# while prefixed paths ("s:Body/tds:X" plus a namespace map) go through its
# Python path engine, about ten times slower per lookup.
_S = f"{{{NS['s']}}}"
_TDS = f"{{{NS['tds']}}}"
_TT = f"{{{NS['tt']}}}"
_BODY = _S + "Body"
_FAULT = _S + "Fault"
_FAULT_VALUE = _S + "Value"

# The constant parts of every request, built once.
_ENVELOPE_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="{NS["s"]}" '
    f'xmlns:tds="{NS["tds"]}" xmlns:tt="{NS["tt"]}"><s:Header>'
)
_SECURITY_HEAD = (
    f'<wsse:Security xmlns:wsse="{NS["wsse"]}" xmlns:wsu="{NS["wsu"]}"><wsse:UsernameToken>'
)
_REQUEST_HEADERS = {"Content-Type": _CONTENT_TYPE}


def password_digest(nonce: bytes, created: str, password: str) -> str:
    """Base64(SHA1(nonce + created + password)) as WS-Security defines it."""
    raw = nonce + created.encode() + password.encode()
    return base64.b64encode(hashlib.sha1(raw, usedforsecurity=False).digest()).decode()


def _created(clock_offset_s: float) -> str:
    """Now on the camera's clock, as xsd:dateTime with milliseconds (truncated), UTC."""
    now = time.time() + clock_offset_s
    millis = int(now % 1 * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{millis:03d}Z"


def _security_header(username: str, password: str, clock_offset_s: float) -> str:
    nonce = os.urandom(16)
    created = _created(clock_offset_s)
    digest = password_digest(nonce, created, password)
    return (
        f"{_SECURITY_HEAD}<wsse:Username>{_escape(username)}</wsse:Username>"
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
    return f"{_ENVELOPE_HEAD}{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>".encode()


def _find(parent: Element, *tags: str) -> Element | None:
    """The first element at parent/tags[0]/tags[1]/..., in ElementPath's order.

    Like find("a/b") it keeps looking in a later `a` when the first has no `b`.
    """
    if len(tags) == 1:
        return parent.find(tags[0])
    for child in parent.findall(tags[0]):
        found = _find(child, *tags[1:])
        if found is not None:
            return found
    return None


def _text(parent: Element, *tags: str) -> str:
    found = _find(parent, *tags)
    return (found.text or "").strip() if found is not None else ""


@dataclass(frozen=True, slots=True)
class SystemDateAndTime:
    """The camera's clock and how it keeps it."""

    utc: datetime | None
    ntp: bool | None


_DATE = _TT + "Date"
_TIME = _TT + "Time"


def parse_system_date_and_time(response: Element) -> SystemDateAndTime:
    """Read GetSystemDateAndTimeResponse; missing or odd fields become None."""
    info = response.find(_TDS + "SystemDateAndTime")
    if info is None:
        return SystemDateAndTime(None, None)
    mode = _text(info, _TT + "DateTimeType")
    ntp = {"NTP": True, "Manual": False}.get(mode)
    utc_el = info.find(_TT + "UTCDateTime")
    if utc_el is None:
        return SystemDateAndTime(None, ntp)
    try:
        utc = datetime(
            int(_text(utc_el, _DATE, _TT + "Year")),
            int(_text(utc_el, _DATE, _TT + "Month")),
            int(_text(utc_el, _DATE, _TT + "Day")),
            int(_text(utc_el, _TIME, _TT + "Hour")),
            int(_text(utc_el, _TIME, _TT + "Minute")),
            int(_text(utc_el, _TIME, _TT + "Second")),
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
        resp = await self._http.request("POST", self._url, data=body, headers=_REQUEST_HEADERS)
        if resp.status == 401:
            raise InvalidAuth(operation)
        try:
            root = ElementTree.fromstring(resp.body)
        except (ElementTree.ParseError, ValueError) as err:
            # defusedxml's DTD/entity refusals are ValueError subclasses.
            raise UnusableAnswer(f"{operation}: unreadable answer ({type(err).__name__})") from None
        fault = _find(root, _BODY, _FAULT)
        if fault is not None:
            subcodes = " ".join(el.text or "" for el in fault.iter(_FAULT_VALUE))
            if "NotAuthorized" in subcodes or "FailedAuthentication" in subcodes:
                raise InvalidAuth(operation)
            raise UnusableAnswer(f"{operation}: SOAP fault")
        answer = _find(root, _BODY, f"{_TDS}{operation}Response")
        if answer is None:
            raise UnusableAnswer(f"{operation}: no {operation}Response (HTTP {resp.status})")
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
            manufacturer=_text(answer, _TDS + "Manufacturer"),
            model=_text(answer, _TDS + "Model"),
            firmware=_text(answer, _TDS + "FirmwareVersion"),
            serial=_text(answer, _TDS + "SerialNumber"),
            hardware_id=_text(answer, _TDS + "HardwareId"),
        )

    async def get_mac(self) -> str:
        """Read the first network interface's hardware address ("" if none is reported)."""
        answer = await self.call("GetNetworkInterfaces")
        return _text(answer, _TDS + "NetworkInterfaces", _TT + "Info", _TT + "HwAddress")

    async def get_users(self) -> list[OnvifUser]:
        """ONVIF accounts and their levels (needs credentials, usually an administrator)."""
        answer = await self.call("GetUsers")
        return [
            OnvifUser(_text(user, _TT + "Username"), _text(user, _TT + "UserLevel"))
            for user in answer.findall(_TDS + "User")
        ]

    async def get_network_protocols(self) -> list[NetworkProtocol]:
        """HTTP/HTTPS/RTSP and whether each is enabled, with its first port."""
        answer = await self.call("GetNetworkProtocols")
        return [
            NetworkProtocol(
                _text(proto, _TT + "Name"),
                text_bool(_text(proto, _TT + "Enabled"), XS_BOOLEAN),
                _int(_text(proto, _TT + "Port")),
            )
            for proto in answer.findall(_TDS + "NetworkProtocols")
        ]

    async def get_ntp(self) -> NtpInformation:
        """Where the camera gets its NTP servers (DHCP or manual), without their names."""
        answer = await self.call("GetNTP")
        info = answer.find(_TDS + "NTPInformation")
        if info is None:
            return NtpInformation(None, 0, 0)
        return NtpInformation(
            text_bool(_text(info, _TT + "FromDHCP"), XS_BOOLEAN),
            len(info.findall(_TT + "NTPManual")),
            len(info.findall(_TT + "NTPFromDHCP")),
        )


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


def device_service(
    http: HttpClient,
    target: Target,
    web_scheme: str = "http",
    *,
    credentials: bool = True,
) -> OnvifClient:
    """The target's device service, over HTTPS when the camera's web interface is HTTPS-only.

    ONVIF follows the camera's scheme. Only an "onvif" port override of its own (not the
    web port) wins: some cameras serve ONVIF on a separate plain-HTTP port.
    """
    own_port = target.ports.get("onvif", target.port) != target.port
    https = web_scheme == "https" and not own_port
    return OnvifClient(
        http,
        target.host,
        target.port_for("https" if https else "onvif"),
        target.username if credentials else "",
        target.password if credentials else "",
        scheme="https" if https else "http",
    )
