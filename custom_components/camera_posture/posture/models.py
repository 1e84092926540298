"""Plain data the engine hands out: no behaviour, no Home Assistant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Target:
    """Where a camera is and how to log in to it."""

    host: str
    port: int = 80
    username: str = ""
    password: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """Identity of a camera as it reports itself."""

    manufacturer: str
    model: str
    firmware: str
    serial: str
    hardware_id: str = ""
    mac: str = ""


@dataclass(frozen=True, slots=True)
class AuditResult:
    """What one audit run found out."""

    device: DeviceInfo
    finished_at: datetime
    clock_offset_s: float
    requests: int
