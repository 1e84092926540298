"""Fuzzing the engine's parsers: malformed input never raises, and never passes."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.camera_posture.posture.advisories.lookup import (
    Catalog,
    CatalogError,
    bundled_files,
    lookup,
)
from custom_components.camera_posture.posture.advisories.schema import validate
from custom_components.camera_posture.posture.advisories.versions import PARSERS, compare, parse
from custom_components.camera_posture.posture.discovery import parse_probe_match, parse_ssdp
from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.probes.http_exposure import redirects_to_https
from custom_components.camera_posture.posture.probes.rtsp import is_media_sdp, parse_response
from custom_components.camera_posture.posture.transport.http import MAX_BODY_BYTES, HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient

from .helpers import web_app

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SCHEMES = sorted(PARSERS)
# Version-looking text: digits, dots, separators and a few letters, plus anything at all.
VERSIONISH = st.one_of(
    st.text(alphabet="0123456789.,_-:vVbuildRAC ", max_size=40),
    st.text(max_size=60),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b"<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope'><s:Body>&lol3;"
    b"</s:Body></s:Envelope>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>'
)


@FUZZ
@given(st.sampled_from(SCHEMES), VERSIONISH, VERSIONISH)
def test_version_parsers_never_raise(scheme: str, left: str, right: str) -> None:
    a, b = parse(scheme, left), parse(scheme, right)
    if a is not None and b is not None:
        order = compare(a, b)
        assert order in (-1, 0, 1, None)
        if order is not None:
            assert compare(b, a) == -order


def _version(scheme: str, major: int, minor: int, patch: int) -> str:
    """A version of `scheme`'s form with these numbers (Dahua: the revision only)."""
    if scheme == "dahua":
        return f"2.420.AC00.{patch}.R"
    if scheme == "milesight":
        return f"61.{major}.{minor}.{patch}-r1"
    return f"{major}.{minor}.{patch}"


@FUZZ
@given(st.sampled_from(SCHEMES), st.integers(0, 99), st.integers(0, 999), st.integers(0, 9999))
def test_version_order_is_numeric(scheme: str, major: int, minor: int, patch: int) -> None:
    text = _version(scheme, major, minor, patch)
    bigger = _version(scheme, major, minor, patch + 1)
    a, b = parse(scheme, text), parse(scheme, bigger)
    assert a is not None
    assert b is not None
    assert compare(a, b) == -1


@FUZZ
@given(st.text(max_size=30), st.text(max_size=40), VERSIONISH, st.text(max_size=30))
def test_lookup_never_raises_and_unknown_is_never_up_to_date(
    vendor: str, model: str, firmware: str, manufacturer: str
) -> None:
    verdict = lookup(vendor, model, firmware, manufacturer=manufacturer)
    if not verdict.known_model:
        assert verdict.firmware_up_to_date is None
        assert verdict.advisories is None
    if verdict.firmware_up_to_date is True:
        assert verdict.latest_firmware is not None


@FUZZ
@given(st.sampled_from(["axis", "hikvision", "hanwha", "reolink", "dahua"]), st.text(max_size=40))
def test_known_models_with_garbage_firmware_are_unknown(vendor: str, firmware: str) -> None:
    model = {
        "axis": "P3265-LVE",
        "hikvision": "DS-2CD2142FWD-I",
        "hanwha": "SNH-V6410PN",
        "reolink": "RLC-410W",
        "dahua": "IP2M-841B",
    }[vendor]
    verdict = lookup(vendor, model, firmware)
    assert verdict.known_model
    if parse(vendor, firmware) is None:
        # Unreadable firmware: unknown, except that end of life needs no version.
        assert verdict.firmware_up_to_date is (False if verdict.eol else None)
        assert verdict.advisories is None


@FUZZ
@given(JSON_VALUES)
def test_schema_validator_and_catalog_never_crash_on_junk(value: Any) -> None:
    _, schema = bundled_files()
    errors = validate(value, schema)
    assert isinstance(errors, list)
    if errors:
        with pytest.raises(CatalogError):
            Catalog(value, schema)


@FUZZ
@given(JSON_VALUES)
def test_catalog_entries_replaced_by_junk_are_rejected_or_valid(value: Any) -> None:
    data, schema = bundled_files()
    broken = json.loads(json.dumps(data))
    broken["entries"][0] = value
    try:
        Catalog(broken, schema)
    except CatalogError:
        return
    assert validate(broken, schema) == []


@FUZZ
@given(st.binary(max_size=600))
def test_rtsp_parsers_never_raise(data: bytes) -> None:
    parsed = parse_response(data)
    assert parsed is None or parsed[0] >= 0
    assert is_media_sdp(data) in (True, False)


@FUZZ
@given(st.integers(100, 599), st.dictionaries(st.text(max_size=12), st.text(max_size=60)))
def test_redirect_reader_never_raises(status: int, headers: dict[str, str]) -> None:
    assert redirects_to_https(status, headers) in (True, False)


@FUZZ
@given(st.binary(max_size=800))
def test_discovery_parsers_never_raise(data: bytes) -> None:
    for parser in (parse_ssdp, parse_probe_match):
        found = parser(data, "192.0.2.1")
        assert found is None or found.address == "192.0.2.1"


@FUZZ
@given(st.text(max_size=300))
def test_probe_match_parser_on_xmlish_text(text: str) -> None:
    wrapped = (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Body><d:ProbeMatches>'
        f"<d:ProbeMatch>{text}</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
    ).encode()
    found = parse_probe_match(wrapped, "192.0.2.1")
    assert found is None or len(found.server) <= 300


@pytest.mark.parametrize("bomb", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_bombs_are_refused(bomb: bytes) -> None:
    assert parse_probe_match(bomb, "192.0.2.1") is None


def _answering(body: bytes) -> web.Application:
    """A server answering `body` to every request on every path."""

    async def answer(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/soap+xml")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    return app


@pytest.mark.parametrize(
    "body",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, b"<not xml", b"x" * (MAX_BODY_BYTES + 10), b""],
)
async def test_hostile_onvif_answers_are_cannot_connect(body: bytes) -> None:
    async with web_app(_answering(body)) as port, aiohttp.ClientSession() as session:
        client = OnvifClient(HttpClient(session), "127.0.0.1", port)
        with pytest.raises(CannotConnect):
            await client.get_system_date_and_time()
