"""Diagnostics as an allow-list: only fields chosen to be secret-free leave."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant

from .catalog_feed import FEED_KEY
from .const import (
    CONF_ACTIVE_PROBING,
    CONF_AUDIT_INTERVAL,
    CONF_CAMERA_UPDATE_CHECK,
    CONF_CATALOG_FEED,
    options_of,
)
from .coordinator import CameraPostureConfigEntry
from .posture.advisories.lookup import bundled_catalog
from .posture.checks import CHECKS
from .router import router_source

# Facts that may be shared; anything added to Facts later stays out until listed.
FACT_FIELDS = (
    "vendor",
    "default_password",
    "cloud_access",
    "upnp",
    "router_exposure",
    "telnet",
    "ssh",
    "https_only",
    "rtsp_anonymous",
    "onvif_anonymous",
    "ntp_enabled",
    "clock_offset_s",
    "open_ports",
    "firmware_up_to_date",
    "latest_firmware",
    "advisories",
    "firmware_eol",
    "camera_update",
    # What the HTTPS port's certificate says (public: any client sees it).
    "tls_self_signed",
    "tls_not_after",
    "tls_key",
    "tls_legacy_accepted",
    # Names of the password rules broken (never the password: posture/password.py).
    "password_findings",
    "anonymous_snapshot",
    "brute_force_protection",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, tuple):  # of PortMapping / Advisory dataclasses, or names
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):  # CameraUpdate
        return asdict(value)
    return value


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: CameraPostureConfigEntry
) -> dict[str, Any]:
    """Device identity, facts, verdicts, policy and audit statistics (no credentials)."""
    coordinator = entry.runtime_data
    result = coordinator.data
    options = options_of(entry.options)
    catalog = coordinator.catalog
    return {
        "device": {
            "manufacturer": result.device.manufacturer,
            "model": result.device.model,
            "firmware": result.device.firmware,
            "hardware_id": result.device.hardware_id,
        },
        "facts": {name: _plain(getattr(result.facts, name)) for name in FACT_FIELDS},
        "evidence": dict(result.facts.evidence),
        "checks": {
            check_id: {
                "status": str(check.status),
                "observed": check.observed,
                "severity": str(check.severity),
                "evidence": check.evidence,
                "standards": list(CHECKS[check_id].standards),
            }
            for check_id, check in result.checks.items()
        },
        "score": result.score,
        "catalog": {
            "version": catalog.version,
            "as_of": catalog.as_of,
            "origin": "bundled" if catalog is bundled_catalog() else "feed",
            "bundled_version": bundled_catalog().version,
            # The last feed request's outcome (the URL is public, nothing here is secret).
            "feed_outcome": hass.data[FEED_KEY].status.outcome,
        },
        # Whether the router port-forward check had a router, and where it came from
        # (options, Home Assistant's SSDP discovery, the default gateway); no address.
        "router": {
            "found": (source := router_source(hass, coordinator.router)) is not None,
            "source": source,
        },
        "policy": coordinator.policy.to_dict(),
        "options": {
            CONF_AUDIT_INTERVAL: options[CONF_AUDIT_INTERVAL],
            CONF_ACTIVE_PROBING: options[CONF_ACTIVE_PROBING],
            CONF_CATALOG_FEED: options[CONF_CATALOG_FEED],
            CONF_CAMERA_UPDATE_CHECK: options[CONF_CAMERA_UPDATE_CHECK],
        },
        "drift": coordinator.tracker.to_dict(),
        "audit_stats": {
            "audits": coordinator.audits,
            "failed_audits": coordinator.failed_audits,
            "consecutive_auth_failures": coordinator.auth_failures,
            "requests": result.requests,
            "login_failures": result.login_failures,
            "duration_ms": round(result.duration_ms),
            "default_login_attempts": len(coordinator.guard.attempts),
        },
    }
