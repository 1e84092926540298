"""A persona is a simulated camera's ground truth: what an audit should find.

Every persona's ground truth is declared once, as data, in camsim/personas/personas.toml
(one table per persona); its module under camsim/personas/ says where the identity comes
from and provides `install(app, camera)` (its vendor HTTP routes). `PERSONAS` pairs them,
so adding a persona is one table and one module.
"""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from typing import Any

from .lock import Lockout

# Standard port of each TCP service a persona may open.
SERVICE_PORTS = {
    "http": 80,
    "https": 443,
    "rtsp": 554,
    "telnet": 23,
    "ssh": 22,
    "ftp": 21,
    # UDP: the SSDP responder of a camera with UPnP on (camsim.ssdp).
    "upnp": 1900,
}

# Services served by the HTTP application (plain or TLS); every other service is a
# raw TCP listener (RTSP, or a banner such as telnet/ssh/ftp/vendor SDK ports).
HTTP_SERVICES = ("http", "https", "onvif")


@dataclass(slots=True)
class Persona:
    """Ground truth of one simulated camera (mutable: the control API changes it).

    The booleans mirror the posture checks (see posture/checks.py); `truth()` says what
    an audit should observe for each check this family can report.
    """

    name: str
    vendor: str
    manufacturer: str
    model: str
    firmware: str
    serial: str
    mac: str
    # ONVIF GetDeviceInformation's HardwareId as a real camera of the family answers it
    # ("": none captured; the ONVIF service then answers "<model>-HW").
    hardware_id: str = ""
    users: dict[str, str] = field(default_factory=dict)
    # The family's factory accounts (username -> factory password).
    factory_users: dict[str, str] = field(default_factory=dict)
    cloud: bool = False
    upnp: bool = False
    telnet: bool = False
    ssh: bool = False
    https_only: bool = False
    # False: plain HTTP is switched off entirely (no listener), as Reolink's httpEnable=0;
    # the web interface and ONVIF answer only on the HTTPS port. https_only=True alone is
    # the other way cameras do it: plain HTTP answers with a redirect to HTTPS (Axis).
    http_enabled: bool = True
    # How this family does "HTTPS only": True switches plain HTTP off (Reolink: GetNetPort
    # httpEnable=0, the HTTP port closed); False redirects plain HTTP to HTTPS (Axis).
    https_only_closes_http: bool = False
    rtsp_anonymous: bool = False
    onvif_anonymous: bool = False
    onvif: bool = True
    ntp: bool = True
    clock_skew_s: float = 0.0
    # How far a WS-Security Created time may stray from the camera clock.
    wsse_tolerance_s: float = 5.0
    lockout: Lockout | None = None
    # TCP services the camera listens on besides HTTP (names from SERVICE_PORTS or
    # vendor ones, e.g. "vendor": 8000 for Hikvision's SDK port).
    services: dict[str, int] = field(default_factory=dict)
    # RTSP: the realm of the digest challenge, and the stream paths that exist (empty:
    # any path is a stream). An anonymous camera answers other paths with an SDP that
    # has no media line, as real cameras do.
    rtsp_realm: str = "IP Camera"
    rtsp_paths: tuple[str, ...] = ()
    # Banner a service sends on connect, overriding camsim.services.DEFAULT_BANNERS.
    banners: dict[str, str] = field(default_factory=dict)
    # SERVER header of the SSDP answer (UPnP on); empty: built from manufacturer/model.
    ssdp_server: str = ""
    # The family's still-image (and MJPEG) paths answer without credentials.
    anonymous_snapshot: bool = False
    # Faults of the HTTPS port's certificate and protocols (camsim/tls.py).
    tls_expired: bool = False
    tls_weak_key: bool = False
    tls_legacy: bool = False
    # What password_strength should find about the first account's password: labelled
    # by hand per persona (not computed by the engine it checks). None: not labelled
    # (the control API sets it with the password).
    password_findings: tuple[str, ...] | None = ()
    # The vendor API's own firmware update check (Hikvision ISAPI online upgrade): whether
    # the firmware has it (False: it answers "notSupport" as a captured camera does), and
    # the release it offers ("": nothing newer).
    online_upgrade: bool = False
    offered_firmware: str = ""

    @property
    def serves_plain_http(self) -> bool:
        """Whether a plain HTTP listener is open at all."""
        return self.http_enabled and not (self.https_only and self.https_only_closes_http)

    @property
    def tls_only(self) -> bool:
        """Whether the admin interface refuses plain HTTP (redirect or closed port)."""
        return self.https_only or not self.http_enabled

    @property
    def default_password(self) -> bool:
        """Whether any account still has its factory password."""
        return any(self.users.get(user) == pw for user, pw in self.factory_users.items())

    @property
    def serves_https(self) -> bool:
        """Whether an HTTPS listener is open."""
        return self.tls_only or "https" in self.services

    def tls_problems(self) -> list[str] | None:
        """What tls_certificate should observe (None: no HTTPS port)."""
        if not self.serves_https:
            return None
        faults = (
            ("expired", self.tls_expired),
            ("weak_key", self.tls_weak_key),
            ("tls_1_0_or_1_1", self.tls_legacy),
        )
        return [name for name, present in faults if present]

    def truth(self) -> dict[str, Any]:
        """Observed value an audit should report per check id (firmware ones excluded)."""
        password = (
            {}
            if self.password_findings is None
            else {"password_strength": list(self.password_findings)}
        )
        return password | {
            "default_password": self.default_password,
            "cloud_access": self.cloud,
            "upnp": self.upnp,
            "telnet": self.telnet,
            "ssh": self.ssh,
            "https_only": self.tls_only,
            "rtsp_anonymous": self.rtsp_anonymous,
            "onvif_anonymous": self.onvif_anonymous if self.onvif else None,
            "time_synced": self.ntp and abs(self.clock_skew_s) <= 300,
            "anonymous_snapshot": self.anonymous_snapshot,
            "brute_force_protection": self.lockout is not None,
            "tls_certificate": self.tls_problems(),
        }


@dataclass(frozen=True, slots=True)
class PersonaModule:
    """A persona factory and the installer of its vendor routes."""

    persona: Callable[[], Persona]
    install: Callable[[Any, Any], None]


def declared(name: str) -> Persona:
    """A fresh Persona from its table in personas.toml (each call: a new, mutable one)."""
    text = resources.files(__package__).joinpath("personas/personas.toml").read_text()
    table: dict[str, Any] = tomllib.loads(text)[name]
    lockout = table.pop("lockout", None)
    # TOML has arrays, the dataclass wants tuples (values compared and hashed as such).
    for key in ("password_findings", "rtsp_paths"):
        if key in table:
            table[key] = tuple(table[key])
    return Persona(name=name, lockout=None if lockout is None else Lockout(**lockout), **table)


def _discover() -> dict[str, PersonaModule]:
    from . import personas  # noqa: PLC0415 - the package must exist before scanning it

    found = {}
    for info in pkgutil.iter_modules(personas.__path__):
        module = importlib.import_module(f"{personas.__name__}.{info.name}")
        found[info.name] = PersonaModule(partial(declared, info.name), module.install)
    return found


PERSONAS: dict[str, PersonaModule] = _discover()
