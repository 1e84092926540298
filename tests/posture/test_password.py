"""password_strength: the configured password judged offline, rule by rule."""

from __future__ import annotations

import pytest

from custom_components.camera_posture.posture.audit import factory_passwords
from custom_components.camera_posture.posture.models import DeviceInfo
from custom_components.camera_posture.posture.password import (
    RULES,
    evidence,
    identity_tokens,
    password_findings,
)

DEVICE = DeviceInfo(
    manufacturer="Axis",
    model="P3265-LVE",
    firmware="10.12.0",
    serial="ACCC8E5F3C21",
    mac="ac:cc:8e:5f:3c:21",
)
STRONG = "correct-Horse-battery-9-staple"


def findings(password: str, reused: bool | None = None) -> tuple[str, ...]:
    return password_findings(
        password, factory_passwords=factory_passwords(), device=DEVICE, reused=reused
    )


def test_factory_passwords_come_from_every_adapter() -> None:
    # Hikvision 12345, Dahua admin, Hanwha 4321, Axis pass, Reolink/Foscam blank.
    assert {"12345", "admin", "4321", "pass", ""} <= factory_passwords()


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", ("empty",)),
        ("12345", ("vendor_default", "short", "guessable")),
        ("pass", ("vendor_default", "short", "guessable")),
        ("x7#Qz!", ("short", "guessable")),
        ("password123", ("guessable",)),
        # The PSTI rule: serial, MAC (any separators, any case), their last 6, the model.
        ("accc8e5f3c21-Lynx-Tundra", ("derived_from_identity",)),
        ("Zebra-5F3C21-Quartz-Moon", ("derived_from_identity",)),
        ("Orchid-ac:cc:8e:5f:3c:21", ("derived_from_identity",)),
        ("P3265-LVE-orchid-Tundra!", ("derived_from_identity",)),
        (STRONG, ()),
    ],
)
def test_each_rule(password: str, expected: tuple[str, ...]) -> None:
    assert findings(password) == expected


def test_reuse_is_the_callers_fact() -> None:
    assert findings(STRONG, reused=True) == ("reused",)
    assert findings(STRONG, reused=False) == ()
    assert findings(STRONG, reused=None) == ()


def test_findings_keep_the_rule_order() -> None:
    found = findings("admin", reused=True)
    assert list(found) == [rule for rule in RULES if rule in found]
    assert found == ("vendor_default", "short", "guessable", "reused")


def test_identity_tokens() -> None:
    assert identity_tokens(None) == []
    tokens = identity_tokens(DEVICE)
    assert {"accc8e5f3c21", "5f3c21", "p3265lve"} <= set(tokens)
    # Too short to call anything "derived" from it.
    assert identity_tokens(DeviceInfo("x", "AB", "1", "", mac="")) == []


def test_no_device_still_judges_the_rest() -> None:
    assert password_findings(STRONG, factory_passwords=(), device=None) == ()


def test_evidence_names_rules_never_the_password() -> None:
    text = evidence(findings("admin", reused=True), True)
    assert "vendor_default, short, guessable, reused" in text
    assert "compared with the other configured cameras" in text
    assert "admin" not in text
    clean = evidence((), None)
    assert "no rule broken" in clean
    assert "not compared" in clean
