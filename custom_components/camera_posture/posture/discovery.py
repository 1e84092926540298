"""Find cameras (and routers) on the local network: WS-Discovery and SSDP.

Both are one multicast (or unicast) UDP query followed by a bounded wait for
answers; nothing is sent to a device beyond that query.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from defusedxml import ElementTree

from .deadline import bounded_wait
from .hosts import device_url

SSDP_ADDR = ("239.255.255.250", 1900)
WSD_ADDR = ("239.255.255.250", 3702)
IGD_SEARCH_TARGET = "urn:schemas-upnp-org:device:InternetGatewayDevice:1"
MAX_DATAGRAM = 8192
# At most this many answers are kept from one query (a noisy network cannot fill memory).
MAX_ANSWERS = 256

_WSD_NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "d": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
}
_WSD_PROBE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
    "<s:Header><a:MessageID>urn:uuid:{id}</a:MessageID>"
    "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
    "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>"
    "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
    "</s:Envelope>"
)


@dataclass(frozen=True, slots=True)
class Found:
    """One device that answered a discovery query."""

    protocol: str  # "ws-discovery" or "ssdp"
    address: str
    location: str = ""  # SSDP LOCATION, or the first ONVIF XAddr
    kind: str = ""  # SSDP ST, or WS-Discovery Types
    server: str = ""  # SSDP SERVER header, or WS-Discovery Scopes (trimmed)
    # WS-Discovery EndpointReference (urn:uuid:...): the device's stable identity, kept
    # across address changes; SSDP answers leave it empty.
    endpoint: str = ""


class _Collector(asyncio.DatagramProtocol):
    def __init__(self, enough: Callable[[bytes, str], bool] | None = None) -> None:
        self.answers: list[tuple[bytes, str]] = []
        self.enough = enough
        self.done = asyncio.Event()

    def datagram_received(self, data: bytes, addr: Any) -> None:
        if len(self.answers) < MAX_ANSWERS:
            self.answers.append((data[:MAX_DATAGRAM], str(addr[0])))
            if self.enough is not None and self.enough(*self.answers[-1]):
                self.done.set()


async def _query(
    payload: bytes,
    addr: tuple[str, int],
    wait_s: float,
    enough: Callable[[bytes, str], bool] | None = None,
) -> list[tuple[bytes, str]]:
    """Send one datagram; collect answers for `wait_s`, or until one is `enough`."""
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        lambda: _Collector(enough),
        local_addr=("0.0.0.0", 0),  # noqa: S104 - answers come back to any interface
    )
    try:
        transport.sendto(payload, addr)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(protocol.done.wait(), bounded_wait(wait_s))
    finally:
        transport.close()
    return protocol.answers


def parse_ssdp(data: bytes, address: str) -> Found | None:
    """One SSDP answer (HTTP/1.1 200 OK with headers) -> Found, None if not one."""
    lines = data.decode("utf-8", "replace").split("\r\n")
    if not lines or not lines[0].upper().startswith("HTTP/1.1 200"):
        return None
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()[:300]
    location = headers.get("location", "")
    return Found(
        "ssdp",
        address,
        # The device's word: an unusable LOCATION is dropped (debug log), not trusted.
        location if device_url(location) is not None else "",
        headers.get("st", ""),
        headers.get("server", ""),
    )


def parse_probe_match(data: bytes, address: str) -> Found | None:
    """One WS-Discovery ProbeMatches answer -> Found, None if unreadable."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError, ValueError:
        return None
    match = root.find("s:Body/d:ProbeMatches/d:ProbeMatch", _WSD_NS)
    if match is None:
        return None

    def text(path: str) -> str:
        found = match.find(path, _WSD_NS)
        return " ".join((found.text or "").split())[:300] if found is not None else ""

    return Found(
        "ws-discovery",
        address,
        _xaddr(text("d:XAddrs").split(), address),
        text("d:Types"),
        text("d:Scopes"),
        text("a:EndpointReference/a:Address"),
    )


def _xaddr(xaddrs: list[str], address: str) -> str:
    """The XAddr to keep: a usable one on the sender's own address first, else any usable.

    A camera lists several (IPv4, IPv6, a second interface); a malformed one is skipped,
    it must not cost the camera or the other answers of the same probe.
    """
    usable = [(text, url) for text in xaddrs if (url := device_url(text)) is not None]
    own = [text for text, url in usable if url.host == address]
    return (own or [text for text, _ in usable] or [""])[0]


def _any_answer(data: bytes, host: str) -> bool:
    return True


async def ssdp_search(
    search_target: str = "ssdp:all",
    wait_s: float = 3.0,
    unicast_host: str | None = None,
    unicast_port: int = 1900,
    *,
    stop_at: Literal["answer", "location"] | None = None,
) -> list[Found]:
    """M-SEARCH (multicast, or unicast to one host) and collect the answers.

    `stop_at` ends the wait early, so a unicast search of one host is not kept waiting the
    full `wait_s`: "answer" at the first answer of any kind (enough to learn whether the
    host runs UPnP at all), "location" at the first one naming a usable LOCATION (a
    router's description).
    """
    addr = (unicast_host, unicast_port) if unicast_host else SSDP_ADDR
    payload = (
        "M-SEARCH * HTTP/1.1\r\n"
        f"HOST: {SSDP_ADDR[0]}:{SSDP_ADDR[1]}\r\n"
        'MAN: "ssdp:discover"\r\nMX: 2\r\n'
        f"ST: {search_target}\r\n\r\n"
    ).encode()
    with contextlib.suppress(OSError):
        enough = {"answer": _any_answer, "location": _has_location, None: None}[stop_at]
        answers = await _query(payload, addr, wait_s, enough)
        return _unique(parse_ssdp(data, host) for data, host in answers)
    return []


def _has_location(data: bytes, host: str) -> bool:
    found = parse_ssdp(data, host)
    return found is not None and bool(found.location)


async def ws_discovery(wait_s: float = 3.0, address: tuple[str, int] | None = None) -> list[Found]:
    """WS-Discovery Probe for ONVIF NetworkVideoTransmitters on UDP 3702.

    Multicast by default; `address` sends the Probe to one host instead.
    """
    payload = _WSD_PROBE.format(id=uuid.uuid4()).encode()
    with contextlib.suppress(OSError):
        answers = await _query(payload, address or WSD_ADDR, wait_s)
        return _unique(parse_probe_match(data, host) for data, host in answers)
    return []


def _unique(found: Any) -> list[Found]:
    return list(dict.fromkeys(item for item in found if item is not None))


async def discover(wait_s: float = 3.0) -> list[Found]:
    """Both queries at once, within `wait_s` seconds."""
    onvif, ssdp = await asyncio.gather(ws_discovery(wait_s), ssdp_search("ssdp:all", wait_s))
    return onvif + ssdp
