"""Reolink answer parsers on their own, including hostile input."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from custom_components.camera_posture.posture.vendors.reolink_json import (
    enabled,
    parse_reply,
    section,
    text,
)


def test_reply_keys_answers_by_command() -> None:
    body = json.dumps(
        [
            {"cmd": "GetUpnp", "code": 0, "value": {"Upnp": {"enable": 1}}},
            {"cmd": "GetP2p", "code": 1, "error": {"detail": "not support", "rspCode": -9}},
            "junk",
        ]
    ).encode()
    results = parse_reply(body)
    assert enabled(section(results["GetUpnp"], "Upnp"), "enable") is True
    assert results["GetP2p"].ok is False
    assert results["GetP2p"].rsp_code == -9
    assert section(results["GetP2p"], "P2p") == {}


def test_login_errors_are_classified() -> None:
    failed = parse_reply(
        b'[{"cmd" : "Login", "code" : 1, "error" : {"detail" : "login failed", "rspCode" : -7}}]'
    )["Login"]
    locked = parse_reply(
        b'[{"cmd":"Login","code":1,"error":{"detail":"Login has been locked","rspCode":-506}}]'
    )["Login"]
    assert failed.bad_credentials
    assert not failed.locked
    assert locked.locked
    assert not locked.bad_credentials


def test_switch_values_other_than_0_1_are_unknown() -> None:
    assert enabled({"enable": 0}, "enable") is False
    assert enabled({"enable": True}, "enable") is True
    assert enabled({"enable": 2}, "enable") is None
    assert enabled({"enable": "1"}, "enable") is None
    assert text({"model": 5}, "model") == ""


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@given(json_values)
def test_any_json_shape_parses_without_raising(value: Any) -> None:
    results = parse_reply(json.dumps(value).encode())
    for result in results.values():
        assert isinstance(section(result, "DevInfo"), dict)
        assert enabled(result.value, "enable") in (True, False, None)


@given(st.binary(max_size=4096))
def test_garbage_bytes_parse_to_nothing(body: bytes) -> None:
    assert isinstance(parse_reply(body), dict)


def test_deeply_nested_json_is_nothing_not_a_crash() -> None:
    assert parse_reply(b"[" * 100_000 + b"]" * 100_000) == {}
