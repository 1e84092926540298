"""Every verdict says what was read or tried: evidence comes from the facts a check uses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.camera_posture.posture.checks import CHECKS, CheckSpec, evaluate
from custom_components.camera_posture.posture.models import Facts, Severity, Status


def test_no_verdict_without_evidence_even_when_nothing_was_tried() -> None:
    results = evaluate(Facts())
    assert set(results) == set(CHECKS)
    for result in results.values():
        assert result.status is Status.UNKNOWN
        assert result.evidence == "no source of this fact answered in this audit"


def test_time_synced_evidence_comes_from_both_of_its_facts() -> None:
    facts = Facts()
    facts.note("ntp_enabled", True, "VAPIX Time.SyncSource=NTP")
    facts.note("clock_offset_s", 12.0, "ONVIF GetSystemDateAndTime")
    result = evaluate(facts)["time_synced"]
    assert result.status is Status.PASS
    assert result.evidence == "VAPIX Time.SyncSource=NTP; ONVIF GetSystemDateAndTime"


def test_unknown_keeps_what_was_tried_and_a_later_reading_replaces_it() -> None:
    facts = Facts()
    facts.tried("upnp", "vendor switch unreadable")
    facts.tried("upnp", "SSDP M-SEARCH unanswered")
    assert evaluate(facts)["upnp"].evidence == "vendor switch unreadable; SSDP M-SEARCH unanswered"
    facts.note("upnp", True, "SSDP M-SEARCH answered")
    facts.tried("upnp", "ignored once the fact is known")
    assert evaluate(facts)["upnp"].evidence == "SSDP M-SEARCH answered"


def test_a_check_the_policy_does_not_require_says_so() -> None:
    result = evaluate(Facts(telnet=True), enabled={"telnet": False})["telnet"]
    assert result.status is Status.NOT_APPLICABLE
    assert result.evidence == "check not required by the policy"


def test_firmware_vulnerabilities_evidence_is_its_facts_evidence() -> None:
    # Declared on the spec: the advisories fact's evidence, no per-check patch needed.
    facts = Facts()
    facts.note("advisories", (), "catalog: no advisory for this model and firmware")
    result = evaluate(facts)["firmware_vulnerabilities"]
    assert result.status is Status.PASS
    assert result.evidence == "catalog: no advisory for this model and firmware"


def test_every_check_names_facts_that_exist_and_fields_are_keyword_only() -> None:
    fields = set(Facts.__dataclass_fields__)
    for spec in CHECKS.values():
        assert spec.facts, spec.check_id
        assert set(spec.facts) <= fields, spec.check_id
    telnet = CHECKS["telnet"]
    with pytest.raises(TypeError):
        CheckSpec("x", Severity.LOW, ("telnet",))  # type: ignore[misc]
    with pytest.raises(ValueError, match="how it observes several"):
        replace(telnet, facts=("telnet", "ssh"))
    with pytest.raises(ValueError, match="name its facts"):
        replace(telnet, facts=())
