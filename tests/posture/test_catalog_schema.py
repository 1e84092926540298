"""The catalog schema validator rejects invalid documents with a readable reason."""

from __future__ import annotations

from typing import Any

from custom_components.camera_posture.posture.advisories.schema import validate

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["vendor", "advisories"],
    "minProperties": 2,
    "additionalProperties": False,
    "properties": {
        "vendor": {"type": "string", "enum": ["axis", "hikvision"]},
        "advisories": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "minLength": 3, "maxLength": 8, "pattern": "^CVE"},
                    "match": {"type": "string", "format": "regex"},
                    "score": {"type": ["number", "null"]},
                    "count": {"type": "integer"},
                },
            },
        },
    },
}


def test_valid_document_has_no_errors() -> None:
    doc = {"vendor": "axis", "advisories": [{"id": "CVE-1", "match": "^7\\.", "score": None}]}
    assert validate(doc, SCHEMA) == []


def test_wrong_top_level_type_is_the_only_error() -> None:
    assert validate(["not", "an", "object"], SCHEMA) == ["$: expected object"]


def test_missing_and_unexpected_keys_are_named() -> None:
    errors = validate({"vendr": "axis"}, SCHEMA)
    assert "$: missing vendor" in errors
    assert "$: missing advisories" in errors
    assert "$: fewer than 2 properties" in errors
    assert "$: unexpected vendr" in errors


def test_enum_and_empty_array_are_rejected() -> None:
    errors = validate({"vendor": "acme", "advisories": []}, SCHEMA)
    assert any(e.startswith("$.vendor: not one of") for e in errors)
    assert "$.advisories: fewer than 1 items" in errors


def test_string_bounds_pattern_and_regex_format() -> None:
    doc = {
        "vendor": "axis",
        "advisories": [{"id": "XY"}, {"id": "CVE-2024-12345"}, {"id": "CVE-1", "match": "(["}],
    }
    errors = validate(doc, SCHEMA)
    assert "$.advisories[0].id: shorter than 3" in errors
    assert any(e.startswith("$.advisories[0].id: does not match") for e in errors)
    assert "$.advisories[1].id: longer than 8" in errors
    assert "$.advisories[2].match: not a valid regular expression" in errors


def test_booleans_are_not_numbers() -> None:
    doc = {"vendor": "axis", "advisories": [{"score": True, "count": 1.5}]}
    errors = validate(doc, SCHEMA)
    assert "$.advisories[0].score: expected number/null" in errors
    assert "$.advisories[0].count: expected integer" in errors
