"""Axis VAPIX parsers on their own, including hostile input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custom_components.camera_posture.posture.vendors.axis_vapix import (
    api_data,
    parse_params,
    property_list,
)


def test_params_skip_error_lines_and_keep_other_groups() -> None:
    body = (
        b"root.Network.SSH.Enabled=yes\r\n"
        b"# Error: Error -1 getting param in group 'root.Nope'\r\n"
        b"root.Time.SyncSource=NTP\r\n"
        b"garbage without equals\n"
    )
    assert parse_params(body) == {"Network.SSH.Enabled": "yes", "Time.SyncSource": "NTP"}


def test_api_data_rejects_errors_and_non_objects() -> None:
    assert api_data(b'{"data": {"a": 1}}') == {"a": 1}
    assert api_data(b'{"error": {"code": 2004}}') is None
    assert api_data(b"[1, 2]") is None
    assert property_list(b'{"data": {"propertyList": {"Brand": "AXIS", "N": 3}}}') == {
        "Brand": "AXIS"
    }


@given(st.binary(max_size=4096))
def test_parsers_never_raise_on_garbage(body: bytes) -> None:
    params = parse_params(body)
    assert all(isinstance(v, str) for v in params.values())
    assert api_data(body) is None or isinstance(api_data(body), dict)
    assert property_list(body) is None or isinstance(property_list(body), dict)


def test_deeply_nested_json_is_unknown_not_a_crash() -> None:
    bomb = b"[" * 100_000 + b"]" * 100_000
    assert api_data(bomb) is None
    assert parse_params(bomb) == {}
