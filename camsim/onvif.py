"""ONVIF device service as a camera serves it: SOAP 1.2, WS-Security digest."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape

from aiohttp import web
from defusedxml import ElementTree
from yarl import URL

if TYPE_CHECKING:
    from .camera import SimCamera

DEVICE_SERVICE = "/onvif/device_service"
S = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TT = "http://www.onvif.org/ver10/schema"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
# Calls the ONVIF spec lets anyone make (PRE_AUTH).
PRE_AUTH = {
    "GetSystemDateAndTime",
    "GetServices",
    "GetCapabilities",
    "GetHostname",
    "GetWsdlUrl",
    "GetEndpointReference",
}
_SOAP_TYPE = "application/soap+xml"


def _reply(body: str, status: int = 200) -> web.Response:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="{S}" '
        f'xmlns:tds="{TDS}" xmlns:tt="{TT}"><s:Body>{body}</s:Body></s:Envelope>'
    )
    return web.Response(status=status, text=xml, content_type=_SOAP_TYPE)


def fault(subcode: str, reason: str, status: int = 400) -> web.Response:
    """A SOAP 1.2 Sender fault with an ONVIF ter: subcode (NotAuthorized, ...)."""
    return _reply(
        "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode>"
        f'<s:Value xmlns:ter="http://www.onvif.org/ver10/error">ter:{subcode}</s:Value>'
        f'</s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">{reason}</s:Text>'
        "</s:Reason></s:Fault>",
        status,
    )


def _token_login(security: Element, camera: SimCamera) -> tuple[str, bool]:
    """The user a wsse:Security UsernameToken names, and whether it proves that user.

    The named user is returned even when the proof fails, so that a failed login
    counts against that account (account-scoped lockout), as HTTP digest does.
    """
    token = security.find(f"{{{WSSE}}}UsernameToken")
    if token is None:
        return "", False
    username = token.findtext(f"{{{WSSE}}}Username", "")
    created = token.findtext(f"{{{WSU}}}Created", "")
    password = camera.persona.users.get(username)
    if password is None:
        return username, False
    try:
        created_at = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return username, False
    if abs(created_at.timestamp() - camera.clock()) > camera.persona.wsse_tolerance_s:
        return username, False
    return username, digest_proves(token, password)


def digest_proves(token: Element, password: str) -> bool:
    """Whether a UsernameToken's PasswordDigest was made with `password` (its age aside).

    SHA1(nonce + created + password), base64, as the WS-Security username token profile
    defines it; the clock check is the caller's (a camera's tolerance, a replay's none).
    """
    digest = token.findtext(f"{{{WSSE}}}Password", "")
    created = token.findtext(f"{{{WSU}}}Created", "")
    try:
        nonce = base64.b64decode(token.findtext(f"{{{WSSE}}}Nonce", ""), validate=True)
    except ValueError:
        return False
    expected = base64.b64encode(
        hashlib.sha1(nonce + created.encode() + password.encode(), usedforsecurity=False).digest()
    ).decode()
    return hmac.compare_digest(expected, digest)


def _date_and_time(camera: SimCamera) -> str:
    now = datetime.fromtimestamp(camera.clock(), UTC)
    mode = "NTP" if camera.persona.ntp else "Manual"
    return (
        "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
        f"<tt:DateTimeType>{mode}</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
        "<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime>"
        f"<tt:Time><tt:Hour>{now.hour}</tt:Hour><tt:Minute>{now.minute}</tt:Minute>"
        f"<tt:Second>{now.second}</tt:Second></tt:Time>"
        f"<tt:Date><tt:Year>{now.year}</tt:Year><tt:Month>{now.month}</tt:Month>"
        f"<tt:Day>{now.day}</tt:Day></tt:Date></tt:UTCDateTime>"
        "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
    )


def _device_information(camera: SimCamera) -> str:
    p = camera.persona
    return (
        "<tds:GetDeviceInformationResponse>"
        f"<tds:Manufacturer>{escape(p.manufacturer)}</tds:Manufacturer>"
        f"<tds:Model>{escape(p.model)}</tds:Model>"
        f"<tds:FirmwareVersion>{escape(p.firmware)}</tds:FirmwareVersion>"
        f"<tds:SerialNumber>{escape(p.serial)}</tds:SerialNumber>"
        f"<tds:HardwareId>{escape(p.hardware_id or f'{p.model}-HW')}</tds:HardwareId>"
        "</tds:GetDeviceInformationResponse>"
    )


def _network_interfaces(camera: SimCamera) -> str:
    return (
        "<tds:GetNetworkInterfacesResponse>"
        '<tds:NetworkInterfaces token="eth0"><tt:Enabled>true</tt:Enabled>'
        f"<tt:Info><tt:Name>eth0</tt:Name><tt:HwAddress>{camera.persona.mac}</tt:HwAddress>"
        "<tt:MTU>1500</tt:MTU></tt:Info></tds:NetworkInterfaces>"
        "</tds:GetNetworkInterfacesResponse>"
    )


def _user_level(camera: SimCamera, username: str) -> str:
    # Personas carry no levels: the first account and the factory accounts administer.
    first = next(iter(camera.persona.users), "")
    if username == first or username in camera.persona.factory_users:
        return "Administrator"
    return "User"


def _users(camera: SimCamera) -> str:
    users = "".join(
        f"<tds:User><tt:Username>{escape(name)}</tt:Username>"
        f"<tt:UserLevel>{_user_level(camera, name)}</tt:UserLevel></tds:User>"
        for name in camera.persona.users
    )
    return f"<tds:GetUsersResponse>{users}</tds:GetUsersResponse>"


def _protocol(name: str, enabled: bool, port: int) -> str:
    return (
        f"<tds:NetworkProtocols><tt:Name>{name}</tt:Name>"
        f"<tt:Enabled>{str(enabled).lower()}</tt:Enabled><tt:Port>{port}</tt:Port>"
        "</tds:NetworkProtocols>"
    )


def _network_protocols(camera: SimCamera) -> str:
    services = camera.persona.services
    return (
        "<tds:GetNetworkProtocolsResponse>"
        + _protocol("HTTP", not camera.persona.tls_only, camera.http_port)
        + _protocol("HTTPS", "https" in services, services.get("https", 443))
        + _protocol("RTSP", "rtsp" in services, services.get("rtsp", 554))
        + "</tds:GetNetworkProtocolsResponse>"
    )


def _ntp(camera: SimCamera) -> str:
    # A camera that keeps time by NTP names its server; a manual clock names none.
    manual = (
        "<tt:NTPManual><tt:Type>DNS</tt:Type><tt:DNSname>pool.ntp.org</tt:DNSname></tt:NTPManual>"
        if camera.persona.ntp
        else ""
    )
    return (
        "<tds:GetNTPResponse><tds:NTPInformation><tt:FromDHCP>false</tt:FromDHCP>"
        f"{manual}</tds:NTPInformation></tds:GetNTPResponse>"
    )


def _discovery_mode(camera: SimCamera) -> str:
    return (
        "<tds:GetDiscoveryModeResponse><tds:DiscoveryMode>Discoverable</tds:DiscoveryMode>"
        "</tds:GetDiscoveryModeResponse>"
    )


def _xaddr(camera: SimCamera) -> str:
    scheme, port = camera.web_endpoint
    return str(URL.build(scheme=scheme, host=camera.host, port=port, path=DEVICE_SERVICE))


def _services(camera: SimCamera) -> str:
    return (
        "<tds:GetServicesResponse><tds:Service>"
        f"<tds:Namespace>{TDS}</tds:Namespace><tds:XAddr>{_xaddr(camera)}</tds:XAddr>"
        "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version>"
        "</tds:Service></tds:GetServicesResponse>"
    )


def _capabilities(camera: SimCamera) -> str:
    # Only the device service exists here; a client sees no media/PTZ/event service.
    return (
        "<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device>"
        f"<tt:XAddr>{_xaddr(camera)}</tt:XAddr>"
        "<tt:Network><tt:IPFilter>false</tt:IPFilter><tt:ZeroConfiguration>false"
        "</tt:ZeroConfiguration><tt:IPVersion6>false</tt:IPVersion6>"
        "<tt:DynDNS>false</tt:DynDNS></tt:Network>"
        "<tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve>"
        "<tt:DiscoveryBye>true</tt:DiscoveryBye><tt:RemoteDiscovery>false</tt:RemoteDiscovery>"
        "<tt:SystemBackup>false</tt:SystemBackup><tt:SystemLogging>false</tt:SystemLogging>"
        "<tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>"
        "<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>"
        "</tt:SupportedVersions></tt:System>"
        "<tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>false</tt:TLS1.2>"
        "<tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration>"
        "<tt:AccessPolicyConfig>false</tt:AccessPolicyConfig><tt:X.509Token>false</tt:X.509Token>"
        "<tt:SAMLToken>false</tt:SAMLToken><tt:KerberosToken>false</tt:KerberosToken>"
        "<tt:RELToken>false</tt:RELToken></tt:Security>"
        "</tt:Device></tds:Capabilities></tds:GetCapabilitiesResponse>"
    )


def _hostname(camera: SimCamera) -> str:
    name = escape(camera.persona.model.lower())
    return (
        "<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP>"
        f"<tt:Name>{name}</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>"
    )


def _scopes(camera: SimCamera) -> str:
    p = camera.persona
    items = (
        "onvif://www.onvif.org/type/video_encoder",
        "onvif://www.onvif.org/Profile/Streaming",
        f"onvif://www.onvif.org/name/{quote(p.manufacturer)}",
        f"onvif://www.onvif.org/hardware/{quote(p.model)}",
    )
    scopes = "".join(
        "<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef>"
        f"<tt:ScopeItem>{escape(item)}</tt:ScopeItem></tds:Scopes>"
        for item in items
    )
    return f"<tds:GetScopesResponse>{scopes}</tds:GetScopesResponse>"


HANDLERS = {
    "GetSystemDateAndTime": _date_and_time,
    "GetDeviceInformation": _device_information,
    "GetNetworkInterfaces": _network_interfaces,
    "GetUsers": _users,
    "GetNetworkProtocols": _network_protocols,
    "GetNTP": _ntp,
    "GetDiscoveryMode": _discovery_mode,
    "GetServices": _services,
    "GetCapabilities": _capabilities,
    "GetHostname": _hostname,
    "GetScopes": _scopes,
}


async def handle_device_service(request: web.Request) -> web.Response:
    """POST /onvif/device_service."""
    camera: SimCamera = request.app["camera"]
    try:
        root = ElementTree.fromstring(await request.read())
    except ElementTree.ParseError, ValueError:
        return fault("WellFormed", "Malformed request")
    body = root.find(f"{{{S}}}Body")
    if body is None or len(body) == 0:
        return fault("WellFormed", "No body")
    operation = body[0].tag.rsplit("}", 1)[-1]
    handler = HANDLERS.get(operation)
    if handler is None:
        return fault("ActionNotSupported", "Optional Action Not Implemented")
    if operation not in PRE_AUTH:
        security = root.find(f"{{{S}}}Header/{{{WSSE}}}Security")
        if security is None:
            # No token at all: an anonymous camera answers; others refuse. Like an HTTP
            # request without Authorization, this is not a login attempt.
            if camera.persona.onvif_anonymous:
                return _reply(handler(camera))
            return fault("NotAuthorized", "Sender not Authorized")
        client = request.remote or "?"
        user, ok = _token_login(security, camera)
        if camera.record_login(client, "onvif", ok, user) != "ok":
            return fault("NotAuthorized", "Sender not Authorized")
    return _reply(handler(camera))
