"""The check registry: stable check id -> how its fact is read and judged.

A check never passes on a fact it could not read: a missing fact is UNKNOWN.
The HA layer builds one entity per entry of CHECKS, keyed by the same ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .models import CheckResult, Facts, Severity, Status


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckSpec:
    """One check, declared once: how it reads its facts and what passing means.

    Everything keyed by a check id follows this registry: the engine's verdicts and
    the HA layer's entities, texts, icons, actions, options and diagnostics (kept
    equal to it by tests/ha/test_registry_sync.py).
    """

    check_id: str
    severity: Severity
    # The Facts fields the check reads. Its evidence is joined from theirs, and the
    # diagnostics share them. A check of one fact observes it as is unless `observe`
    # says how.
    facts: tuple[str, ...]
    passes: Callable[[Any], bool]
    pass_summary: str
    fail_summary: str
    remediation: str
    observe: Callable[[Facts], Any] | None = None
    # Provisions the check maps to: ETSI EN 303 645 V2.1.1 ("ETSI 5.1-1") and the OWASP
    # IoT Top 10 2018 ("OWASP I1"). Only provisions whose text was read (docs/standards.md).
    standards: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """A check reads at least one fact, and says how when it reads several."""
        if not self.facts or (self.observe is None and len(self.facts) != 1):
            raise ValueError(f"{self.check_id}: name its facts, and how it observes several")

    def read(self, facts: Facts) -> Any:
        """The observed value (None: the facts could not be read)."""
        if self.observe is not None:
            return self.observe(facts)
        return getattr(facts, self.facts[0])

    def evidence(self, facts: Facts) -> str:
        """What was read or tried for this check, from the evidence of its facts."""
        found = [facts.evidence[key] for key in self.facts if facts.evidence.get(key)]
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


# Smallest key sizes still accepted: RSA 2048 (and DSA never), elliptic curves of 256 bits.
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256


def key_is_weak(key: str) -> bool | None:
    """Whether a key description ("RSA 1024", "EC secp256r1", "Ed25519") is too weak.

    None when the description names nothing we can size.
    """
    kind, _, detail = key.partition(" ")
    bits = re.search(r"\d+", detail)
    if kind == "RSA" and bits:
        return int(bits.group()) < MIN_RSA_BITS
    if kind == "EC" and bits:
        return int(bits.group()) < MIN_EC_BITS
    if kind == "DSA":
        return True  # withdrawn for signatures (FIPS 186-5); no camera needs it
    if kind in ("Ed25519", "Ed448"):
        return False
    return None


def _tls_problems(facts: Facts) -> list[str] | None:
    # Each known problem fails on its own; a pass needs all three facts read.
    # A self-signed certificate is not a problem: cameras make their own.
    problems: list[str] = []
    known = True
    if facts.tls_not_after is None:
        known = False
    elif facts.tls_not_after < datetime.now(UTC):
        problems.append("expired")
    weak = None if facts.tls_key is None else key_is_weak(facts.tls_key)
    if weak is None:
        known = False
    elif weak:
        problems.append("weak_key")
    if facts.tls_legacy_accepted is None:
        known = False
    elif facts.tls_legacy_accepted:
        problems.append("tls_1_0_or_1_1")
    if problems:
        return problems
    return [] if known else None


CHECKS: Mapping[str, CheckSpec] = {
    spec.check_id: spec
    for spec in (
        CheckSpec(
            check_id="firmware_up_to_date",
            severity=Severity.MEDIUM,
            facts=("firmware_up_to_date",),
            passes=_is_true,
            pass_summary="Firmware is the latest known release",
            fail_summary="Firmware is older than the latest known release",
            remediation="Install the latest firmware from the vendor's support site.",
            standards=(
                "ETSI 5.3-8",
                "OWASP I5",
            ),
        ),
        CheckSpec(
            check_id="firmware_vulnerabilities",
            severity=Severity.CRITICAL,
            facts=("advisories",),
            observe=lambda f: None if f.advisories is None else [a.cve for a in f.advisories],
            passes=_empty,
            pass_summary="No catalogued advisory affects this firmware",
            fail_summary="Installed firmware has published vulnerabilities",
            remediation="Update the firmware; if the model is end of life, replace the camera.",
            standards=(
                "ETSI 5.2-3",
                "ETSI 5.3-8",
                "OWASP I5",
            ),
        ),
        CheckSpec(
            check_id="default_password",
            severity=Severity.CRITICAL,
            facts=("default_password",),
            passes=_is_false,
            pass_summary="Factory password has been changed",
            fail_summary="An account still uses the factory password",
            remediation="Set a strong, unique password on every camera account.",
            standards=(
                "ETSI 5.1-1",
                "OWASP I1",
                "OWASP I9",
            ),
        ),
        CheckSpec(
            check_id="cloud_access",
            severity=Severity.HIGH,
            facts=("cloud_access",),
            passes=_is_false,
            pass_summary="Vendor cloud / P2P access is off",
            fail_summary="Vendor cloud / P2P remote access is on",
            remediation="Turn off the vendor's cloud/P2P service unless you rely on it.",
            standards=(
                "ETSI 5.6-5",
                "OWASP I3",
            ),
        ),
        CheckSpec(
            check_id="upnp",
            severity=Severity.HIGH,
            facts=("upnp",),
            passes=_is_false,
            pass_summary="UPnP port mapping is off",
            fail_summary="UPnP is on: the camera may open ports on your router",
            remediation="Turn off UPnP on the camera (and ideally on the router).",
            standards=(
                "ETSI 5.6-5",
                "OWASP I2",
                "OWASP I9",
            ),
        ),
        CheckSpec(
            check_id="router_exposure",
            severity=Severity.CRITICAL,
            facts=("router_exposure",),
            observe=lambda f: (
                None
                if f.router_exposure is None
                else [
                    f"{m.protocol}/{m.external_port}->{m.internal_port}" for m in f.router_exposure
                ]
            ),
            passes=_empty,
            pass_summary="No router port forward points at the camera",
            fail_summary="The router forwards internet ports to the camera",
            remediation="Remove the port forwards; use a VPN for remote viewing.",
            standards=(
                "ETSI 5.6-1",
                "OWASP I2",
            ),
        ),
        CheckSpec(
            check_id="telnet",
            severity=Severity.CRITICAL,
            facts=("telnet",),
            passes=_is_false,
            pass_summary="Telnet is off",
            fail_summary="Telnet is on",
            remediation="Disable telnet on the camera.",
            standards=(
                "ETSI 5.6-1",
                "ETSI 5.6-5",
                "OWASP I2",
            ),
        ),
        CheckSpec(
            check_id="ssh",
            severity=Severity.MEDIUM,
            facts=("ssh",),
            passes=_is_false,
            pass_summary="SSH is off",
            fail_summary="SSH is on",
            remediation="Disable SSH unless you administer the camera through it.",
            standards=(
                "ETSI 5.6-5",
                "OWASP I2",
            ),
        ),
        CheckSpec(
            check_id="https_only",
            severity=Severity.MEDIUM,
            facts=("https_only",),
            passes=_is_true,
            pass_summary="The admin interface refuses plain HTTP",
            fail_summary="The admin interface answers over plain HTTP",
            remediation="Enable HTTPS and turn off plain HTTP for the web interface.",
            standards=(
                "ETSI 5.5-1",
                "OWASP I7",
            ),
        ),
        CheckSpec(
            check_id="rtsp_anonymous",
            severity=Severity.HIGH,
            facts=("rtsp_anonymous",),
            passes=_is_false,
            pass_summary="Video streams require credentials",
            fail_summary="A video stream is readable without credentials",
            remediation="Require authentication for RTSP streams.",
            standards=(
                "ETSI 5.5-4",
                "OWASP I2",
            ),
        ),
        CheckSpec(
            check_id="onvif_anonymous",
            severity=Severity.HIGH,
            facts=("onvif_anonymous",),
            passes=_is_false,
            pass_summary="ONVIF requires credentials",
            fail_summary="Protected ONVIF calls answer without credentials",
            remediation="Enable ONVIF user authentication.",
            standards=(
                "ETSI 5.5-4",
                "ETSI 5.5-5",
                "OWASP I2",
            ),
        ),
        CheckSpec(
            check_id="time_synced",
            severity=Severity.LOW,
            facts=("ntp_enabled", "clock_offset_s"),
            observe=_time_synced,
            passes=_is_true,
            pass_summary="Clock is synchronised (NTP, within 5 minutes)",
            fail_summary="Clock is not synchronised",
            remediation="Enable NTP on the camera so recordings and logs carry the right time.",
            # No provision of either list asks for a synchronised clock.
        ),
        CheckSpec(
            check_id="password_strength",
            severity=Severity.HIGH,
            facts=("password_findings",),
            observe=lambda f: None if f.password_findings is None else list(f.password_findings),
            passes=_empty,
            pass_summary="The configured password is long, not guessable and not reused",
            fail_summary="The configured password is weak, derived from the camera or reused",
            remediation=(
                "Give every camera its own long, random password (a password manager helps)."
            ),
            standards=("ETSI 5.1-1", "ETSI 5.1-2", "OWASP I1"),
        ),
        CheckSpec(
            check_id="anonymous_snapshot",
            severity=Severity.HIGH,
            facts=("anonymous_snapshot",),
            passes=_is_false,
            pass_summary="Still images require credentials",
            fail_summary="A still image is served without credentials",
            remediation="Require authentication for snapshots (turn off anonymous viewing).",
            standards=("ETSI 5.5-4", "ETSI 5.6-2", "OWASP I3"),
        ),
        CheckSpec(
            check_id="brute_force_protection",
            severity=Severity.MEDIUM,
            facts=("brute_force_protection",),
            passes=_is_true,
            pass_summary="Repeated failed logins are locked out",
            fail_summary="The camera's lockout of repeated failed logins is off",
            remediation="Turn on the camera's illegal-login lock / brute-force protection.",
            standards=("ETSI 5.1-5", "OWASP I1"),
        ),
        CheckSpec(
            check_id="tls_certificate",
            severity=Severity.MEDIUM,
            facts=("tls_self_signed", "tls_not_after", "tls_key", "tls_legacy_accepted"),
            observe=_tls_problems,
            passes=_empty,
            pass_summary="HTTPS uses a valid certificate, a strong key and TLS 1.2 or newer",
            fail_summary="HTTPS has an expired certificate, a weak key or accepts TLS 1.0/1.1",
            remediation=(
                "Install a new certificate with an RSA-2048+ or ECDSA-256+ key; "
                "allow TLS 1.2+ only."
            ),
            standards=("ETSI 5.5-1", "OWASP I7"),
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
        observed = spec.read(facts)
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
