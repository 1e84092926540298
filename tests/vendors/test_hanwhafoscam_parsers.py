"""SUNAPI key=value and Foscam CGI_Result parsers on hostile input: no crash, no guess."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custom_components.camera_posture.posture.vendors._keyvalue import parse_key_values
from custom_components.camera_posture.posture.vendors.foscam import parse_result


@given(st.binary(max_size=4096))
def test_parse_key_values_never_raises(body: bytes) -> None:
    values = parse_key_values(body)
    assert all("=" not in key and key == key.strip() and key for key in values)


@given(st.binary(max_size=4096))
def test_parse_result_never_raises(body: bytes) -> None:
    parsed = parse_result(body)
    assert parsed is None or isinstance(parsed[0], int)


def test_parse_key_values_reads_sunapi_lines() -> None:
    assert parse_key_values(b"Model=SNH-V6410PN\r\nNG\r\nEnable=True\r\n") == {
        "Model": "SNH-V6410PN",
        "Enable": "True",
    }


def test_parse_result_refuses_entity_bombs_and_other_roots() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><CGI_Result><result>&b;</result></CGI_Result>'
    )
    assert parse_result(bomb) is None
    assert parse_result(b"<html><result>0</result></html>") is None
    assert parse_result(b"<CGI_Result><result>x</result></CGI_Result>") is None
    assert parse_result(b"<CGI_Result><result>-2</result></CGI_Result>") == (-2, {})
