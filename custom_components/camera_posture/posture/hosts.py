"""The one parser of camera addresses a user types, and the one builder of camera URLs.

Every way a camera's address reaches the engine (the CLI, every config-flow step,
discovery, adoption from another integration) goes through `parse_host`, so that an
address is either refused with a reason the user can act on, or reduced to a bare
host that no URL can be smuggled through. Cameras' URLs are then built from parts
(`camera_url`), never by pasting strings together.

Accepted: an IPv4 address, an IPv6 address with or without brackets, a host name
(international names are IDNA-encoded), each with surrounding whitespace trimmed;
and `https://HOST[:PORT][/]` for a camera that only speaks TLS. Refused: anything
else, notably other schemes (plain `http://` included: plain HTTP is the default,
so the host alone says it), paths, queries, fragments, user names, ports written
into a bare host, control characters and empty input.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from dataclasses import dataclass

import idna
from yarl import URL

_LOGGER = logging.getLogger(__name__)
HTTPS = "https"
HTTP = "http"
MAX_PORT = 65535
# A DNS label after IDNA encoding (underscores are common in LAN/DHCP names and
# harmless in a URL, so they are accepted although DNS host names forbid them).
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_MAX_NAME = 253


class HostError(ValueError):
    """An address refused; `reason` is a stable key (form error / CLI message)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


# Reason key -> the sentence the CLI prints (the config flow has translated ones).
REASONS = {
    "empty": "the host is empty",
    "control": "the host contains control characters or spaces",
    "scheme": "only https://HOST[:PORT] may be written as a URL; otherwise give the host alone",
    "userinfo": "the host must not contain a user name or password (use --username)",
    "path": "the host must not contain a path, query or fragment",
    "port": "give the port apart (--port), not inside the host, unless you write https://HOST:PORT",
    "invalid": "not an IP address or a valid host name",
    "port_conflict": "the https:// address names another port than the one given apart",
}
# Web port of each scheme when none is given.
DEFAULT_WEB_PORTS = {HTTP: 80, HTTPS: 443}


def _fail(reason: str) -> HostError:
    return HostError(reason, REASONS[reason])


@dataclass(frozen=True, slots=True)
class CameraAddress:
    """A parsed address: a bare host, plus what an https:// URL said."""

    # IPv4, IPv6 without brackets (compressed form), or an ASCII (IDNA) host name.
    host: str
    # "https" when the address was written as https://...; None for a bare host
    # (resolve_address always sets it).
    scheme: str | None = None
    # The port written in the https:// URL (None when none was written; resolve_address
    # always sets it).
    port: int | None = None


def parse_port(value: object) -> int:
    """A TCP port 1-65535 from a number or decimal text; HostError("port") otherwise."""
    if isinstance(value, bool):
        raise HostError("port", "expected a port number 1-65535")
    if isinstance(value, str):
        text = value.strip()
        # isascii: str.isdigit() accepts other scripts' digits and superscripts.
        if not (text.isascii() and text.isdigit() and len(text) <= 5):
            raise HostError("port", "expected a port number 1-65535")
        value = int(text)
    if not isinstance(value, int) or not 0 < value <= MAX_PORT:
        raise HostError("port", "expected a port number 1-65535")
    return value


def _bare_host(text: str) -> str:
    """A bare host (no scheme, port, path or user) in its normal form."""
    if text.startswith("[") and text.endswith("]"):
        return _ipv6(text[1:-1])
    if "[" in text or "]" in text:
        # "[::1]:80" and other bracketed forms with a port or junk after them.
        raise _fail("port" if re.fullmatch(r"\[[^\]]*\]:\d*", text) else "invalid")
    if ":" in text:
        if text.count(":") == 1:
            raise _fail("port")  # "host:80"
        return _ipv6(text)
    return _host_name(text)


def _ipv6(text: str) -> str:
    if "%" in text:
        # Zone IDs (fe80::1%eth0) differ per machine and do not survive URLs well.
        raise _fail("invalid")
    try:
        return ipaddress.IPv6Address(text).compressed
    except ValueError:
        raise _fail("invalid") from None


def _host_name(text: str) -> str:
    name = text.removesuffix(".")
    if not name.isascii():
        try:
            name = idna.encode(name, uts46=True).decode("ascii")
        except idna.IDNAError, UnicodeError:
            raise _fail("invalid") from None
    name = name.lower()
    labels = name.split(".")
    if len(name) > _MAX_NAME or not all(_LABEL.match(label) for label in labels):
        raise _fail("invalid")
    if labels[-1].isdigit():
        # All-numeric last label: an IPv4 address or nothing ("1.2.3", "999.1.1.1").
        try:
            return str(ipaddress.IPv4Address(name))
        except ValueError:
            raise _fail("invalid") from None
    return name


def _https_url(rest: str) -> CameraAddress:
    """The part after "https://": HOST[:PORT] and at most a trailing "/"."""
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark)
        if found >= 0:
            end = min(end, found)
    authority, tail = rest[:end], rest[end:]
    if tail not in ("", "/"):
        raise _fail("path")
    if "@" in authority:
        raise _fail("userinfo")
    port: int | None = None
    head, sep, port_text = authority.rpartition(":")
    # A colon that is the host's own (bare IPv6) is no port separator.
    if sep and (head.endswith("]") or head.count(":") == 0) and head:
        if not port_text:
            raise _fail("port")
        port = parse_port(port_text)
        authority = head
    if not authority:
        raise _fail("empty")
    return CameraAddress(_bare_host(authority), HTTPS, port)


def parse_host(text: object) -> CameraAddress:
    """Parse an address as a user typed it; HostError (with a reason key) when refused."""
    if not isinstance(text, str):
        raise _fail("invalid")
    text = text.strip()
    if not text:
        raise _fail("empty")
    if any(char.isspace() or not char.isprintable() for char in text):
        raise _fail("control")
    scheme, sep, rest = text.partition("://")
    if sep:
        if scheme.lower() != HTTPS:
            raise _fail("scheme")
        return _https_url(rest)
    if "@" in text:
        raise _fail("userinfo")
    if any(mark in text for mark in "/?#"):
        raise _fail("path")
    return CameraAddress(_bare_host(text))


def resolve_address(text: object, port: int | None = None, *, https: bool = False) -> CameraAddress:
    """Host text plus a port given apart (None: not given) -> host, scheme and port, all set.

    The scheme is https when the text is an https:// URL or `https` says so (the caller
    knows the port speaks only TLS), else http (the audit still tries TLS on that port
    when plain HTTP fails). A port in the URL and another given apart: HostError.
    """
    address = parse_host(text)
    if address.port is not None and port is not None and port != address.port:
        raise _fail("port_conflict")
    scheme = HTTPS if https or address.scheme == HTTPS else HTTP
    return CameraAddress(address.host, scheme, address.port or port or DEFAULT_WEB_PORTS[scheme])


def camera_url(scheme: str, host: str, port: int, path: str = "/") -> str:
    """The URL of `path` (which may carry a ?query) on a camera, built from its parts.

    Raises ValueError for a host or port no URL can hold (only possible when the host
    did not come through parse_host).
    """
    path, _, query = path.partition("?")
    return str(URL.build(scheme=scheme, host=host, port=port, path=path, query_string=query))


def device_url(
    text: str, schemes: tuple[str, ...] = (HTTP, HTTPS), *, path_ok: bool = False
) -> URL | None:
    """A URL a camera or LAN device sent (redirect, XAddr, SSDP LOCATION), or None.

    Untrusted input: an unparsable URL, a relative one, another scheme, no host, or a
    port outside 1-65535 gives None with a debug line; never an exception. `path_ok`
    accepts a path alone ("/login"), returned relative (a redirect on the same server).
    """
    try:
        url = URL(text.strip())
        port = url.explicit_port  # a port beyond 65535 only fails here or above
    except ValueError, TypeError:
        _LOGGER.debug("unusable URL from a device skipped (unparsable)")
        return None
    if path_ok and not url.scheme and url.host is None and url.path.startswith("/"):
        return url
    if not url.absolute or url.scheme not in schemes or not url.host or port == 0:
        _LOGGER.debug("unusable URL from a device skipped (scheme, host or port)")
        return None
    return url
