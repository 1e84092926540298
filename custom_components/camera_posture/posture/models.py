"""Plain data the engine hands out: no behaviour beyond small helpers, no Home Assistant.

Data flows one way: camera -> Facts -> CheckResult (under a Policy) -> Drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

# Default TCP port of each service an audit may talk to or probe. A Target's
# `ports` overrides any of them (a camera on non-standard ports, or the simulator).
DEFAULT_PORTS: Mapping[str, int] = {
    "http": 80,
    "https": 443,
    "rtsp": 554,
    "onvif": 80,
    "telnet": 23,
    "ssh": 22,
    "ftp": 21,
    # UDP: SSDP answers M-SEARCH here on a camera with UPnP on.
    "upnp": 1900,
}


@dataclass(frozen=True, slots=True)
class Target:
    """Where a camera is and how to log in to it.

    `port` is the camera's web (and ONVIF) interface, spoken with `scheme`: "http",
    or "https" for a camera whose given port only speaks TLS.
    """

    host: str
    port: int = 80
    username: str = ""
    password: str = field(default="", repr=False)
    # Service name -> port overrides (http, https, rtsp, onvif, telnet, ssh, vendor, ...).
    # The web scheme's own port is always `port`: an override names the other one.
    ports: Mapping[str, int] = field(default_factory=dict)
    # Router to ask for UPnP IGD port mappings: an IGD description URL, or a host
    # (then its SSDP answer names the URL). Empty: router exposure is not probed.
    router: str = ""
    scheme: str = "http"

    def port_for(self, service: str, default: int | None = None) -> int:
        """A service's port: the override, else `port` (onvif, the web scheme), else the default."""
        if service == self.scheme:
            return self.port  # the web interface is where the user said, whatever else
        if service in self.ports:
            return self.ports[service]
        if service == "onvif":
            return self.port
        if default is not None:
            return default
        return DEFAULT_PORTS[service]


def mac_address(text: str) -> str:
    """A reported hardware address as aa:bb:cc:dd:ee:ff, or "" when it is not one.

    Cameras write it with ":" or "-" or no separator (Foscam's 12 hex digits), and a
    capture may mask it (a Reolink GetLocalLink published with "Mac "): only 12 hex
    digits make a MAC.
    """
    digits = "".join(ch for ch in (text or "").strip() if ch not in ":-").lower()
    if len(digits) != 12 or any(ch not in "0123456789abcdef" for ch in digits):
        return ""
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """Identity of a camera as it reports itself (`mac` as `mac_address` spells it)."""

    manufacturer: str
    model: str
    firmware: str
    serial: str
    hardware_id: str = ""
    mac: str = ""


class Status(StrEnum):
    """Verdict of one check. UNKNOWN is never shown or counted as a pass."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    """How much a failing check matters."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class PortMapping:
    """A router port forward (UPnP IGD) that points at the camera."""

    external_port: int
    internal_port: int
    protocol: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Advisory:
    """A published vulnerability that applies to the installed firmware."""

    cve: str
    kev: bool
    summary: str
    source: str
    fixed_in: str | None = None
    # The date CISA added it to its Known Exploited Vulnerabilities list (None: not listed).
    kev_date_added: str | None = None


@dataclass(frozen=True, slots=True)
class CameraUpdate:
    """What the camera's own update check answered (a read: nothing is downloaded).

    `available` None: the camera could not tell (no answer, or the check is not
    supported). `version` is the offered release where the camera names it.
    """

    source: str
    available: bool | None
    version: str | None = None


@dataclass(slots=True)
class Facts:
    """What an audit could read. None means "could not be read" (-> check unknown).

    Adapters and probes fill the fields they can answer; `evidence` holds one short,
    secret-free sentence per fact saying where the value came from.
    """

    vendor: str | None = None
    device: DeviceInfo | None = None
    default_password: bool | None = None
    cloud_access: bool | None = None
    upnp: bool | None = None
    router_exposure: tuple[PortMapping, ...] | None = None
    telnet: bool | None = None
    ssh: bool | None = None
    https_only: bool | None = None
    rtsp_anonymous: bool | None = None
    onvif_anonymous: bool | None = None
    ntp_enabled: bool | None = None
    clock_offset_s: float | None = None
    open_ports: frozenset[int] | None = None
    # Firmware verdicts come from the advisory catalog, not from the camera.
    firmware_up_to_date: bool | None = None
    latest_firmware: str | None = None
    advisories: tuple[Advisory, ...] | None = None
    # The vendor ships no more fixes for this model (catalog); None when unknown.
    firmware_eol: bool | None = None
    # The camera's own answer to "is there newer firmware?" (only when the user
    # allowed the check: it makes the camera ask its vendor's cloud).
    camera_update: CameraUpdate | None = None
    # What the HTTPS port's certificate says (read, never verified: cameras sign their
    # own). Facts for checks to judge; no check reads them yet.
    tls_self_signed: bool | None = None
    tls_not_after: datetime | None = None
    tls_key: str | None = None  # "RSA 2048", "EC secp256r1", ...
    # The HTTPS port completed a handshake limited to TLS 1.0/1.1 (see probes/tls.py).
    tls_legacy_accepted: bool | None = None
    # Rules the configured password breaks, judged offline (posture/password.py); empty:
    # none. Never the password itself.
    password_findings: tuple[str, ...] | None = None
    # A still image (or MJPEG frame) answered a request carrying no credentials.
    anonymous_snapshot: bool | None = None
    # The camera's own lockout of repeated failed logins is switched on.
    brute_force_protection: bool | None = None
    evidence: dict[str, str] = field(default_factory=dict)

    def note(self, fact: str, value: Any, evidence: str) -> None:
        """Set a fact with its evidence (use instead of plain assignment in adapters)."""
        setattr(self, fact, value)
        self.evidence[fact] = evidence

    def tried(self, fact: str, attempt: str) -> None:
        """Record what was tried for a fact that stays unknown (appended, never replacing).

        An unknown verdict must still say why; a later `note` replaces these attempts.
        """
        if getattr(self, fact) is not None:
            return
        previous = self.evidence.get(fact)
        self.evidence[fact] = f"{previous}; {attempt}" if previous else attempt


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's verdict under the policy, with what it saw."""

    check_id: str
    status: Status
    observed: Any
    severity: Severity
    summary: str
    remediation: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class AuditResult:
    """What one audit run found out."""

    device: DeviceInfo
    facts: Facts
    checks: Mapping[str, CheckResult]
    score: int | None
    finished_at: datetime
    clock_offset_s: float
    requests: int
    login_failures: int = 0
    duration_ms: float = 0.0
    # How the given port answered: "http", or "https" when it speaks only TLS (store it:
    # later audits then start with TLS).
    scheme: str = "http"
