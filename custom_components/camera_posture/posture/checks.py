"""The check registry: stable check id -> how its fact is read and judged.

A check never passes on a fact it could not read: a missing fact is UNKNOWN.
The HA layer builds one entity per entry of CHECKS, keyed by the same ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .models import CheckResult, Facts, Severity, Status


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """How one check reads its observed value and what passing means."""

    check_id: str
    severity: Severity
    observe: Callable[[Facts], Any]
    passes: Callable[[Any], bool]
    pass_summary: str
    fail_summary: str
    remediation: str
    # Facts whose evidence explains the verdict (default: the fact named like the check).
    evidence_from: tuple[str, ...] = ()

    def evidence(self, facts: Facts) -> str:
        """What was read or tried for this check, from the evidence of its facts."""
        keys = self.evidence_from or (self.check_id,)
        found = [facts.evidence[key] for key in keys if facts.evidence.get(key)]
        return "; ".join(dict.fromkeys(found))


def _empty(value: Any) -> bool:
    return len(value) == 0


def _is_false(value: Any) -> bool:
    return value is False


def _is_true(value: Any) -> bool:
    return value is True


def _time_synced(facts: Facts) -> bool | None:
    # NTP on and the clock within 5 minutes; either fact missing -> unknown,
    # unless one of them alone already fails the check.
    offset_ok = None if facts.clock_offset_s is None else abs(facts.clock_offset_s) <= 300
    if facts.ntp_enabled is False or offset_ok is False:
        return False
    if facts.ntp_enabled is None or offset_ok is None:
        return None
    return True


CHECKS: Mapping[str, CheckSpec] = {
    spec.check_id: spec
    for spec in (
        CheckSpec(
            "firmware_up_to_date",
            Severity.MEDIUM,
            lambda f: f.firmware_up_to_date,
            _is_true,
            "Firmware is the latest known release",
            "Firmware is older than the latest known release",
            "Install the latest firmware from the vendor's support site.",
        ),
        CheckSpec(
            "firmware_vulnerabilities",
            Severity.CRITICAL,
            lambda f: None if f.advisories is None else [a.cve for a in f.advisories],
            _empty,
            "No catalogued advisory affects this firmware",
            "Installed firmware has published vulnerabilities",
            "Update the firmware; if the model is end of life, replace the camera.",
        ),
        CheckSpec(
            "default_password",
            Severity.CRITICAL,
            lambda f: f.default_password,
            _is_false,
            "Factory password has been changed",
            "An account still uses the factory password",
            "Set a strong, unique password on every camera account.",
        ),
        CheckSpec(
            "cloud_access",
            Severity.HIGH,
            lambda f: f.cloud_access,
            _is_false,
            "Vendor cloud / P2P access is off",
            "Vendor cloud / P2P remote access is on",
            "Turn off the vendor's cloud/P2P service unless you rely on it.",
        ),
        CheckSpec(
            "upnp",
            Severity.HIGH,
            lambda f: f.upnp,
            _is_false,
            "UPnP port mapping is off",
            "UPnP is on: the camera may open ports on your router",
            "Turn off UPnP on the camera (and ideally on the router).",
        ),
        CheckSpec(
            "router_exposure",
            Severity.CRITICAL,
            lambda f: (
                None
                if f.router_exposure is None
                else [
                    f"{m.protocol}/{m.external_port}->{m.internal_port}" for m in f.router_exposure
                ]
            ),
            _empty,
            "No router port forward points at the camera",
            "The router forwards internet ports to the camera",
            "Remove the port forwards; use a VPN for remote viewing.",
        ),
        CheckSpec(
            "telnet",
            Severity.CRITICAL,
            lambda f: f.telnet,
            _is_false,
            "Telnet is off",
            "Telnet is on",
            "Disable telnet on the camera.",
        ),
        CheckSpec(
            "ssh",
            Severity.MEDIUM,
            lambda f: f.ssh,
            _is_false,
            "SSH is off",
            "SSH is on",
            "Disable SSH unless you administer the camera through it.",
        ),
        CheckSpec(
            "https_only",
            Severity.MEDIUM,
            lambda f: f.https_only,
            _is_true,
            "The admin interface refuses plain HTTP",
            "The admin interface answers over plain HTTP",
            "Enable HTTPS and turn off plain HTTP for the web interface.",
        ),
        CheckSpec(
            "rtsp_anonymous",
            Severity.HIGH,
            lambda f: f.rtsp_anonymous,
            _is_false,
            "Video streams require credentials",
            "A video stream is readable without credentials",
            "Require authentication for RTSP streams.",
        ),
        CheckSpec(
            "onvif_anonymous",
            Severity.HIGH,
            lambda f: f.onvif_anonymous,
            _is_false,
            "ONVIF requires credentials",
            "Protected ONVIF calls answer without credentials",
            "Enable ONVIF user authentication.",
        ),
        CheckSpec(
            "time_synced",
            Severity.LOW,
            _time_synced,
            _is_true,
            "Clock is synchronised (NTP, within 5 minutes)",
            "Clock is not synchronised",
            "Enable NTP on the camera so recordings and logs carry the right time.",
            evidence_from=("ntp_enabled", "clock_offset_s"),
        ),
    )
}

_WEIGHTS = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 4, Severity.CRITICAL: 8}


def evaluate(
    facts: Facts,
    enabled: Mapping[str, bool] | None = None,
    severities: Mapping[str, Severity] | None = None,
) -> dict[str, CheckResult]:
    """Judge every check. Disabled checks are NOT_APPLICABLE; missing facts UNKNOWN."""
    results: dict[str, CheckResult] = {}
    for check_id, spec in CHECKS.items():
        severity = (severities or {}).get(check_id, spec.severity)
        observed = spec.observe(facts)
        # Never a verdict without evidence: a fact nothing tried to read says so.
        evidence = spec.evidence(facts) or "no source of this fact answered in this audit"
        if not (enabled or {}).get(check_id, True):
            status, summary = Status.NOT_APPLICABLE, "Not required by the policy"
            evidence = "check not required by the policy"
        elif observed is None:
            status, summary = Status.UNKNOWN, "Could not be determined"
        elif spec.passes(observed):
            status, summary = Status.PASS, spec.pass_summary
        else:
            status, summary = Status.FAIL, spec.fail_summary
        results[check_id] = CheckResult(
            check_id=check_id,
            status=status,
            observed=observed,
            severity=severity,
            summary=summary,
            remediation=spec.remediation,
            evidence=evidence,
        )
    return results


def score(results: Mapping[str, CheckResult]) -> int | None:
    """0-100: the severity-weighted share of judged checks that pass.

    None when nothing could be judged: an unknown camera has no score, not 100.
    """
    judged = [r for r in results.values() if r.status in (Status.PASS, Status.FAIL)]
    if not judged:
        return None
    total = sum(_WEIGHTS[r.severity] for r in judged)
    passed = sum(_WEIGHTS[r.severity] for r in judged if r.status is Status.PASS)
    return round(100 * passed / total)
